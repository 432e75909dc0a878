import { Eventhub } from "@cdktf/provider-azurerm/lib/eventhub";
import { EventhubCluster } from "@cdktf/provider-azurerm/lib/eventhub-cluster";
import { EventhubNamespace } from "@cdktf/provider-azurerm/lib/eventhub-namespace";
import { EventhubNamespaceCustomerManagedKey } from "@cdktf/provider-azurerm/lib/eventhub-namespace-customer-managed-key";
import { EventhubNamespaceDisasterRecoveryConfig } from "@cdktf/provider-azurerm/lib/eventhub-namespace-disaster-recovery-config";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { Annotations, dependable, ITerraformDependable, Lazy } from "cdktf";
import { Construct } from "constructs";
import { IByokKey } from "./byok-key";
import { followKeyToSecondary, GeoDrPairingOptions, pairNamespaces } from "./geo-dr";
import { POLICIES, weakens } from "./policies";
import { addDeleteLock } from "./private/delete-lock";
import { warnWhenNotLogged } from "./private/log-coverage";
import { refreshIndexOnSynth, sameNameCount } from "./private/stack-index";
import { expressionOf, synthesizedAttributes } from "./private/tokens";
import { RULES } from "./rules";
import { RuleChecker } from "./validation";

/** Event Hubs namespace tiers. Only Premium (alone) and Standard (inside a dedicated cluster) can use customer-managed keys. */
export type EventHubsSku = "Basic" | "Standard" | "Premium";

/** A dedicated cluster for the namespace: one to create, or an existing one by id. */
export type CmkNamespaceCluster = NewDedicatedCluster | ExistingDedicatedCluster;

/** A dedicated cluster the construct creates. */
export interface NewDedicatedCluster {
  /** Cluster name, 6-50 letters, digits and hyphens. */
  readonly name: string;
  /**
   * Capacity units (sku `Dedicated_<n>`). A cluster cannot be deleted within 4 hours of creation.
   * @default 1
   */
  readonly capacity?: number;
}

/** A dedicated cluster that already exists. */
export interface ExistingDedicatedCluster {
  /** Azure resource id of the cluster. */
  readonly id: string;
}

/** A user-assigned managed identity, by resource id and principal (object) id. */
export interface UserAssignedIdentityRef {
  /** Azure resource id of the identity. */
  readonly id: string;
  /** Object id of the identity's service principal; this is what the key grant names. */
  readonly principalId: string;
}

/** The namespace uses its own system-assigned identity to reach the key. */
export interface SystemAssignedNamespaceIdentity {
  /** System-assigned identity. */
  readonly type: "SystemAssigned";
}

/**
 * The namespace uses a user-assigned identity to reach the key.
 *
 * The grant can then be made before the namespace exists, so the binding follows at once.
 */
export interface UserAssignedNamespaceIdentity {
  /** User-assigned identity. */
  readonly type: "UserAssigned";
  /** The identity that unwraps the key; it is attached to the namespace too. */
  readonly userAssignedIdentity: UserAssignedIdentityRef;
  /**
   * Further user-assigned identity ids to attach (at most 4 in all).
   * @default []
   */
  readonly additionalIdentityIds?: string[];
}

/** The managed identity of the namespace. */
export type CmkNamespaceIdentity = SystemAssignedNamespaceIdentity | UserAssignedNamespaceIdentity;

/** Options of {@link CmkNamespace.addEventHub}. */
export interface EventHubOptions {
  /**
   * Number of partitions, 1-1024 (a premium namespace allows up to 100 per hub).
   * @default 4
   */
  readonly partitionCount?: number;
  /**
   * Days events are kept, 1-90.
   * @default 7
   */
  readonly messageRetentionDays?: number;
}

/** Props of {@link CmkNamespace}. */
export interface CmkNamespaceProps {
  /** Namespace name, 6-50 characters, globally unique. */
  readonly name: string;
  /** Resource group of the namespace (and of a cluster it creates). */
  readonly resourceGroupName: string;
  /** Azure region of the namespace. */
  readonly location: string;
  /** The key that encrypts the namespace's data at rest. */
  readonly key: IByokKey;
  /**
   * More keys to bind besides `key` (Azure allows 3 in all). Each is granted to the same identity.
   *
   * The namespace stays readable while any one of its keys is reachable, so keys in vaults of
   * different regions or subscriptions guard against losing one vault.
   * @default []
   */
  readonly additionalKeys?: IByokKey[];
  /**
   * A dedicated cluster to create (`{ name, capacity }`) or to use (`{ id }`).
   * @default - no cluster: the namespace is Premium
   */
  readonly cluster?: CmkNamespaceCluster;
  /**
   * Namespace tier.
   * @default - "Premium" without a cluster, "Standard" inside one
   */
  readonly sku?: EventHubsSku;
  /**
   * Processing units of a Premium namespace: 1, 2, 4, 8 or 16.
   * @default - 1 on Premium; not set inside a cluster
   */
  readonly capacity?: number;
  /**
   * The managed identity that unwraps the key.
   * @default { type: "SystemAssigned" }
   */
  readonly identity?: CmkNamespaceIdentity;
  /**
   * Whether data is encrypted twice (infrastructure encryption).
   *
   * Warning: it can be chosen only when the key is first bound.
   * @default true
   */
  readonly infrastructureEncryptionEnabled?: boolean;
  /**
   * Whether SAS keys can authenticate. Off, clients use Entra ID.
   * @default false
   */
  readonly localAuthenticationEnabled?: boolean;
  /**
   * Whether the namespace accepts traffic from public networks.
   * @default false
   */
  readonly publicNetworkAccessEnabled?: boolean;
  /**
   * Minimum TLS version of clients. Only "1.2" is accepted.
   * @default "1.2"
   */
  readonly minimumTlsVersion?: "1.2";
  /**
   * Whether Terraform refuses to destroy the namespace, the cluster it creates and the key binding.
   *
   * Warning: a destroyed namespace loses its events; the key binding cannot be removed anyway.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Whether to put a `CanNotDelete` management lock on the namespace, so that no tool can delete
   * it (or its event hubs) while the lock stands.
   * @default false
   */
  readonly deleteLock?: boolean;
  /**
   * Tags for the namespace and the cluster.
   * @default {}
   */
  readonly tags?: { [key: string]: string };
}

/**
 * An Event Hubs namespace whose data at rest is encrypted with a customer-managed key.
 *
 * It creates the namespace (Premium, or Standard in a dedicated cluster) with a managed
 * identity, grants that identity wrap/unwrap on the key, waits for the grant, and binds the
 * namespace to the versionless key id. Event hubs added with {@link addEventHub} are created
 * only after the binding, because a namespace can be encrypted only while it is empty.
 *
 * Warning: once bound, a key cannot be removed from the namespace.
 */
export class CmkNamespace extends Construct {
  /** The azurerm_eventhub_namespace resource, for escape hatches. */
  public readonly namespace: EventhubNamespace;
  /** The azurerm_eventhub_namespace_customer_managed_key resource: the key binding. */
  public readonly customerManagedKey: EventhubNamespaceCustomerManagedKey;
  /** The dedicated cluster, when this construct created it. */
  public readonly cluster?: EventhubCluster;
  /** Azure resource id of the namespace. */
  public readonly namespaceId: string;
  /** Name of the namespace. */
  public readonly namespaceName: string;
  /** Object id of the identity that unwraps the key. */
  public readonly principalId: string;
  /** The `CanNotDelete` lock on the namespace, when `deleteLock` is on. */
  public readonly deleteLock?: ManagementLock;
  /** The keys bound to the namespace, in binding order. */
  public readonly keys: IByokKey[] = [];

  private readonly eventHubs = new Map<string, Eventhub>();
  private readonly inCluster: boolean;
  private readonly bindingDependencies = new Set<ITerraformDependable>();

  constructor(scope: Construct, id: string, props: CmkNamespaceProps) {
    super(scope, id);

    const inCluster = props.cluster !== undefined;
    this.inCluster = inCluster;
    const sku = props.sku ?? (inCluster ? "Standard" : "Premium");
    const capacity = props.capacity ?? (sku === "Premium" ? 1 : undefined);
    const identity = props.identity ?? { type: "SystemAssigned" };
    const infrastructureEncryptionEnabled = props.infrastructureEncryptionEnabled ?? true;
    const localAuthenticationEnabled = props.localAuthenticationEnabled ?? false;
    const publicNetworkAccessEnabled = props.publicNetworkAccessEnabled ?? false;
    const minimumTlsVersion = props.minimumTlsVersion ?? "1.2";
    const preventDestroy = props.preventDestroy ?? true;
    const newCluster = props.cluster && "name" in props.cluster ? props.cluster : undefined;
    const clusterCapacity = newCluster ? (newCluster.capacity ?? 1) : undefined;
    const userIdentityIds =
      identity.type === "UserAssigned"
        ? [identity.userAssignedIdentity.id, ...(identity.additionalIdentityIds ?? [])]
        : [];

    const clusterProps = props.cluster as { name?: string; id?: string } | undefined;
    const checker = new RuleChecker(this)
      .check(RULES.namespaceName, props.name)
      .check(RULES.namespaceSku, sku)
      .check(RULES.tierWithoutCluster, { sku, inCluster })
      .check(RULES.capacityInCluster, { capacity: props.capacity, inCluster })
      .check(RULES.minimumTls, minimumTlsVersion)
      .check(RULES.clusterOneOf, clusterProps && { name: clusterProps.name, id: clusterProps.id })
      .check(RULES.clusterName, newCluster?.name)
      .check(RULES.clusterId, clusterProps?.name === undefined ? clusterProps?.id : undefined)
      .check(RULES.clusterCapacity, clusterCapacity)
      .check(RULES.userIdentityCount, userIdentityIds.length)
      .check(RULES.userIdentityId, identity.type === "UserAssigned" ? identity.userAssignedIdentity.id : undefined)
      .check(
        RULES.principalId,
        identity.type === "UserAssigned" ? identity.userAssignedIdentity.principalId : undefined,
      );
    if (sku === "Premium") checker.check(RULES.premiumCapacity, capacity);
    checker.throwIfAny();

    if (newCluster) {
      this.cluster = new EventhubCluster(this, "cluster", {
        name: newCluster.name,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        skuName: `Dedicated_${clusterCapacity}`,
        tags: props.tags,
        lifecycle: { preventDestroy },
      });
    }
    const clusterId = this.cluster?.id ?? (props.cluster && "id" in props.cluster ? props.cluster.id : undefined);

    // A user-assigned identity exists before the namespace, so its grant can too: the binding then follows the namespace at once.
    const earlyGrant =
      identity.type === "UserAssigned"
        ? props.key.grantKeyAccess(identity.userAssignedIdentity.principalId)
        : undefined;

    this.namespace = new EventhubNamespace(this, "namespace", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku,
      capacity,
      dedicatedClusterId: clusterId,
      identity:
        identity.type === "UserAssigned"
          ? { type: "UserAssigned", identityIds: userIdentityIds }
          : { type: "SystemAssigned" },
      localAuthenticationEnabled,
      publicNetworkAccessEnabled,
      minimumTlsVersion,
      networkRulesets: [
        {
          defaultAction: "Deny",
          publicNetworkAccessEnabled,
          trustedServiceAccessEnabled: true,
          // Explicitly empty: left unset, `cdktf synth --hcl` writes empty ip_rule and virtual_network_rule blocks Terraform refuses.
          ipRule: [],
          virtualNetworkRule: [],
        },
      ],
      tags: props.tags,
      dependsOn: earlyGrant?.dependables,
      lifecycle: { preventDestroy },
    });

    this.principalId =
      identity.type === "UserAssigned"
        ? identity.userAssignedIdentity.principalId
        : this.namespace.identity.principalId;
    this.namespaceId = this.namespace.id;
    this.namespaceName = this.namespace.name;

    this.customerManagedKey = new EventhubNamespaceCustomerManagedKey(this, "customer-managed-key", {
      eventhubNamespaceId: this.namespace.id,
      keyVaultKeyIds: Lazy.listValue({ produce: () => this.keys.map((k) => k.versionlessKeyId) }),
      infrastructureEncryptionEnabled,
      userAssignedIdentityId: identity.type === "UserAssigned" ? identity.userAssignedIdentity.id : undefined,
      lifecycle: { preventDestroy },
    });
    this.addKey(props.key);
    (props.additionalKeys ?? []).forEach((key) => this.addKey(key));
    if (props.deleteLock ?? false) this.deleteLock = addDeleteLock(this, this.namespace.id, "namespace");

    const keyIdentityId = identity.type === "UserAssigned" ? identity.userAssignedIdentity.id : undefined;
    refreshIndexOnSynth(this);
    this.node.addValidation({
      validate: () => {
        const checker = new RuleChecker(this)
          .check(RULES.keysPerNamespace, this.keys.length)
          .check(RULES.namespaceNameUnique, {
            name: this.namespace.nameInput ?? "",
            count: sameNameCount(this.namespace),
          });
        if (keyIdentityId !== undefined) {
          // The identity block can be replaced through the escape hatch or addOverride; the binding still names the key identity.
          const rendered = synthesizedAttributes(this.namespace).identity as
            | { type?: string; identity_ids?: string[] }
            | undefined;
          const attached = rendered?.type?.includes("UserAssigned") ? (rendered.identity_ids ?? []) : [];
          checker.check(RULES.keyIdentityAttached, { keyIdentityId, attached });
        }
        return checker.messages;
      },
    });
    this.warnOnWeakSettings({
      infrastructureEncryptionEnabled,
      localAuthenticationEnabled,
      publicNetworkAccessEnabled,
    });
    warnWhenNotLogged(this, this.namespaceId, POLICIES.namespaceLogs, "namespace");
    if (!preventDestroy) {
      Annotations.of(this).addWarning(
        "preventDestroy is off: Terraform may destroy the namespace and its events, and the key binding.",
      );
    }
  }

  /**
   * Binds one more key (Azure allows 3 per namespace, all used through the same identity).
   *
   * The identity is granted access to the key, and the binding waits for that grant. On a
   * Geo-DR primary, the secondary's identity is granted the key too.
   * Warning: a bound key cannot be removed from the namespace.
   */
  public addKey(key: IByokKey): void {
    // Compared as the references they are; shown without ${} so the checker does not take them for unknowns.
    const reference = (k: IByokKey) =>
      expressionOf(this, k.versionlessKeyId)
        .replace(/\$\{|\}/g, "")
        .toLowerCase();
    new RuleChecker(this).check(RULES.keyUnique, { key: reference(key), bound: this.keys.map(reference) }).throwIfAny();
    const grant = key.grantKeyAccess(this.principalId);
    this.keys.push(key);
    grant.dependables.forEach((d) => this.bindingDependencies.add(d));
    this.customerManagedKey.dependsOn = [...this.bindingDependencies].map((d) => dependable(d));
    followKeyToSecondary(this, key);
  }

  /**
   * Pairs this namespace (the primary) with a namespace in another region for geo-disaster recovery.
   *
   * The secondary must be another CmkNamespace on the same tier, in another region, paired
   * with nothing else, and without event hubs of its own (they replicate from the primary).
   * Its identity is granted the primary's keys, and the pairing is created only after both
   * namespaces are bound to their keys.
   *
   * @returns the azurerm_eventhub_namespace_disaster_recovery_config resource
   */
  public pairWith(secondary: CmkNamespace, options: GeoDrPairingOptions): EventhubNamespaceDisasterRecoveryConfig {
    const isCmkNamespace = secondary instanceof CmkNamespace;
    new RuleChecker(this)
      .check(RULES.geoDrSecondaryKind, {
        isCmkNamespace,
        kind: isCmkNamespace
          ? "a CmkNamespace"
          : `a ${(secondary as object | undefined)?.constructor?.name ?? String(secondary)}`,
      })
      .throwIfAny();
    return pairNamespaces(this, secondary, options);
  }

  /**
   * Creates an event hub in the namespace, after the key binding.
   *
   * A namespace can be encrypted only while it holds no event hubs, so every hub must wait
   * for the binding.
   */
  public addEventHub(name: string, options: EventHubOptions = {}): Eventhub {
    const partitionCount = options.partitionCount ?? 4;
    const messageRetentionDays = options.messageRetentionDays ?? 7;
    new RuleChecker(this)
      .check(RULES.eventHubName, name)
      .check(RULES.eventHubNameUnique, { name, existing: [...this.eventHubs.keys()] })
      .check(RULES.eventHubPartitions, { count: partitionCount, inCluster: this.inCluster })
      .check(RULES.eventHubRetention, messageRetentionDays)
      .throwIfAny();
    const hub = new Eventhub(this, `eventhub-${name}`, {
      name,
      namespaceId: this.namespace.id,
      partitionCount,
      messageRetention: messageRetentionDays,
      dependsOn: [this.customerManagedKey],
    });
    this.eventHubs.set(name, hub);
    return hub;
  }

  private warnOnWeakSettings(s: {
    infrastructureEncryptionEnabled: boolean;
    localAuthenticationEnabled: boolean;
    publicNetworkAccessEnabled: boolean;
  }): void {
    const warn = (message: string) => Annotations.of(this).addWarning(message);
    if (!s.infrastructureEncryptionEnabled) {
      warn(
        `infrastructureEncryptionEnabled is off: data is encrypted once. It can be turned on only when the key is first bound. ${weakens(POLICIES.namespaceDoubleEncryption)}`,
      );
    }
    if (s.localAuthenticationEnabled) {
      warn(
        `localAuthenticationEnabled is on: SAS keys can reach the data without Entra ID. ${weakens(POLICIES.namespaceLocalAuthDisabled)}`,
      );
    }
    if (s.publicNetworkAccessEnabled) {
      warn(
        `publicNetworkAccessEnabled is on: the namespace accepts traffic from public networks. ${weakens(POLICIES.namespacePublicAccessDisabled)}`,
      );
    }
  }
}
