import { Eventhub } from "@cdktf/provider-azurerm/lib/eventhub";
import { EventhubNamespaceDisasterRecoveryConfig } from "@cdktf/provider-azurerm/lib/eventhub-namespace-disaster-recovery-config";
import { Annotations, dependable, ITerraformDependable } from "cdktf";
import { IByokKey } from "./byok-key";
import type { CmkNamespace } from "./cmk-namespace";
import { nameCount, refreshIndexOnSynth } from "./private/stack-index";
import { RULES } from "./rules";
import { containsToken, RuleChecker } from "./validation";

/** Options of {@link CmkNamespace.pairWith}. */
export interface GeoDrPairingOptions {
  /**
   * Name of the Geo-DR alias, 6-50 letters, digits and hyphens. Clients connect to the alias,
   * which points at the primary until a failover moves it to the secondary.
   */
  readonly alias: string;
}

/** Each paired namespace, with the path of its partner: a namespace takes part in one pairing only. */
const partners = new WeakMap<CmkNamespace, string>();

/** Each primary, with its secondary and the pairing, so that keys bound later follow to the secondary. */
const pairings = new WeakMap<
  CmkNamespace,
  { secondary: CmkNamespace; pairing: EventhubNamespaceDisasterRecoveryConfig }
>();

/**
 * Grants the secondary of a paired `primary` a key the primary was just bound to, and makes the
 * pairing wait for that grant; does nothing for a namespace that is not a paired primary.
 */
export function followKeyToSecondary(primary: CmkNamespace, key: IByokKey): void {
  const paired = pairings.get(primary);
  if (!paired || paired.secondary.keys.includes(key)) return;
  const grant = key.grantKeyAccess(paired.secondary.principalId);
  paired.pairing.dependsOn = [...(paired.pairing.dependsOn ?? []), ...grant.dependables.map((d) => dependable(d))];
}

/** The tier as Geo-DR compares it: a namespace in a dedicated cluster pairs only with another such namespace. */
function tierOf(ns: CmkNamespace): string {
  return ns.namespace.dedicatedClusterIdInput !== undefined ? "dedicated cluster" : String(ns.namespace.skuInput);
}

/**
 * Pairs `primary` with `secondary` for geo-disaster recovery; {@link CmkNamespace.pairWith} calls it.
 *
 * The secondary's identity is granted every key of the primary it does not hold already, so
 * it can read the namespace after a failover; the pairing waits for both key bindings and
 * those grants, because encryption cannot be turned on for a namespace that is already paired.
 */
export function pairNamespaces(
  primary: CmkNamespace,
  secondary: CmkNamespace,
  options: GeoDrPairingOptions,
): EventhubNamespaceDisasterRecoveryConfig {
  const checker = new RuleChecker(primary)
    .check(RULES.aliasName, options.alias)
    .check(RULES.geoDrSelf, { primary: primary.node.path, secondary: secondary.node.path });
  if (primary !== secondary) {
    checker
      .check(RULES.geoDrOnce, { path: primary.node.path, pairedWith: partners.get(primary) })
      .check(RULES.geoDrOnce, { path: secondary.node.path, pairedWith: partners.get(secondary) })
      .check(RULES.geoDrLocation, {
        primary: primary.namespace.locationInput ?? "",
        secondary: secondary.namespace.locationInput ?? "",
      })
      .check(RULES.geoDrSecondaryTier, {
        sku: secondary.namespace.skuInput,
        inCluster: secondary.namespace.dedicatedClusterIdInput !== undefined,
      })
      .check(RULES.geoDrSameTier, { primary: tierOf(primary), secondary: tierOf(secondary) })
      .check(RULES.geoDrSecondaryIdentity, secondary.namespace.identityInput?.type ?? "no identity");
  }
  checker.throwIfAny();
  const locations = [primary.namespace.locationInput, secondary.namespace.locationInput];
  if (primary !== secondary && locations.some((l) => l === undefined || containsToken(l))) {
    Annotations.of(primary).addWarning(
      "the Geo-DR pair's locations are only known at apply, so synth cannot check that they differ; " +
        "Azure refuses a secondary in the primary's region. Pass the locations as literals to have them checked.",
    );
  }

  partners.set(primary, secondary.node.path);
  partners.set(secondary, primary.node.path);

  const grants: ITerraformDependable[] = primary.keys
    .filter((key) => !secondary.keys.includes(key))
    .flatMap((key) => key.grantKeyAccess(secondary.principalId).dependables);

  const pairing = new EventhubNamespaceDisasterRecoveryConfig(primary, "geo-dr", {
    name: options.alias,
    resourceGroupName: primary.namespace.resourceGroupName,
    namespaceName: primary.namespaceName,
    partnerNamespaceId: secondary.namespaceId,
    dependsOn: [primary.customerManagedKey, secondary.customerManagedKey, ...grants],
  });

  pairings.set(primary, { secondary, pairing });

  // Event hubs replicate from the primary; Azure refuses a secondary that already holds some.
  refreshIndexOnSynth(primary);
  primary.node.addValidation({
    validate: () => {
      const aliasCheck = new RuleChecker(primary).check(RULES.aliasUnique, {
        alias: options.alias,
        aliases: nameCount(primary, pairing.terraformResourceType, options.alias),
        namespaces: nameCount(primary, "azurerm_eventhub_namespace", options.alias),
      }).messages;
      const hubs = secondary.node
        .findAll()
        .filter((c): c is Eventhub => c instanceof Eventhub)
        .map((hub) => hub.nameInput ?? hub.node.id);
      return [...aliasCheck, ...new RuleChecker(primary).check(RULES.geoDrSecondaryEmpty, hubs).messages];
    },
  });
  return pairing;
}
