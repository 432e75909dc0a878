import { EventhubNamespace } from "@cdktf/provider-azurerm/lib/eventhub-namespace";
import { TerraformStack, TerraformVariable } from "cdktf";
import { CmkNamespace, CmkNamespaceProps, CRYPTO_SERVICE_ENCRYPTION_USER_ROLE, KeyVaultWithProtection } from "../src";
import { addressOf, jsonOf, newStack, newVault, onlyResource, resourcesOf, synth, warningsOf } from "./support/synth";

const clusterId = (name: string) => `/subscriptions/0/resourceGroups/rg/providers/Microsoft.EventHub/clusters/${name}`;

function pair(
  stack: TerraformStack,
  secondaryChanges: Partial<CmkNamespaceProps> = {},
  primaryChanges: Partial<CmkNamespaceProps> = {},
): { primary: CmkNamespace; secondary: CmkNamespace; vault: KeyVaultWithProtection } {
  const vault = newVault(stack);
  const primary = new CmkNamespace(stack, "primary", {
    name: "evhns-test-weu",
    resourceGroupName: "rg-weu",
    location: "westeurope",
    key: vault,
    ...primaryChanges,
  });
  const secondary = new CmkNamespace(stack, "secondary", {
    name: "evhns-test-neu",
    resourceGroupName: "rg-neu",
    location: "northeurope",
    key: vault,
    ...secondaryChanges,
  });
  return { primary, secondary, vault };
}

describe("CmkNamespace.pairWith", () => {
  test("creates the disaster-recovery config on the primary, naming the alias and the secondary", () => {
    const stack = newStack();
    const { primary, secondary } = pair(stack);
    const pairing = primary.pairWith(secondary, { alias: "evhns-test-alias" });
    const json = synth(stack);
    expect(jsonOf(json, pairing)).toMatchObject({
      name: "evhns-test-alias",
      namespace_name: `\${${addressOf(primary.namespace)}.name}`,
      resource_group_name: `\${${addressOf(primary.namespace)}.resource_group_name}`,
      partner_namespace_id: `\${${addressOf(secondary.namespace)}.id}`,
    });
    expect(Object.keys(resourcesOf(json, "azurerm_eventhub_namespace_disaster_recovery_config"))).toHaveLength(1);
  });

  test("is created only after both namespaces are bound to their keys", () => {
    const stack = newStack();
    const { primary, secondary } = pair(stack);
    const pairing = primary.pairWith(secondary, { alias: "evhns-test-alias" });
    expect(jsonOf(synth(stack), pairing).depends_on).toEqual(
      expect.arrayContaining([addressOf(primary.customerManagedKey), addressOf(secondary.customerManagedKey)]),
    );
  });

  test("grants the secondary's identity the primary's key when the secondary is bound to another key", () => {
    const stack = newStack();
    const secondaryVault = newVault(stack, { name: "kv-test-neu", location: "northeurope" }, "vault-neu");
    const { primary, secondary, vault } = pair(stack, { key: secondaryVault });
    const pairing = primary.pairWith(secondary, { alias: "evhns-test-alias" });
    const json = synth(stack);

    const secondaryPrincipal = `\${${addressOf(secondary.namespace)}.identity[0].principal_id}`;
    const onPrimaryKey = Object.entries(resourcesOf(json, "azurerm_role_assignment")).filter(
      ([, r]) =>
        r.principal_id === secondaryPrincipal && r.scope === `\${${addressOf(vault.key)}.resource_versionless_id}`,
    );
    expect(onPrimaryKey).toHaveLength(1);
    expect(onPrimaryKey[0][1].role_definition_name).toBe(CRYPTO_SERVICE_ENCRYPTION_USER_ROLE);
    const wait = Object.entries(resourcesOf(json, "time_sleep")).find(
      ([, s]) =>
        s.depends_on instanceof Array && s.depends_on.includes(`azurerm_role_assignment.${onPrimaryKey[0][0]}`),
    );
    expect(jsonOf(json, pairing).depends_on).toContain(`time_sleep.${wait?.[0]}`);
  });

  test("grants nothing more when the secondary already holds the primary's key", () => {
    const stack = newStack();
    const { primary, secondary } = pair(stack);
    const before = Object.keys(resourcesOf(synth(stack), "azurerm_role_assignment")).length;
    primary.pairWith(secondary, { alias: "evhns-test-alias" });
    expect(Object.keys(resourcesOf(synth(stack), "azurerm_role_assignment"))).toHaveLength(before);
  });

  test("pairs two namespaces in dedicated clusters", () => {
    const stack = newStack();
    const { primary, secondary } = pair(
      stack,
      { cluster: { id: clusterId("neu") } },
      { cluster: { id: clusterId("weu") } },
    );
    primary.pairWith(secondary, { alias: "evhns-test-alias" });
    expect(onlyResource(synth(stack), "azurerm_eventhub_namespace_disaster_recovery_config").name).toBe(
      "evhns-test-alias",
    );
  });

  test("rejects an alias of 5 characters", () => {
    const stack = newStack();
    const { primary, secondary } = pair(stack);
    expect(() => primary.pairWith(secondary, { alias: "alias" })).toThrow(
      '[test/primary] CmkNamespace.pairWith.alias: received "alias". Allowed: 6-50 letters, digits and hyphens',
    );
  });

  test("rejects pairing a namespace with itself", () => {
    const stack = newStack();
    const { primary } = pair(stack);
    expect(() => primary.pairWith(primary, { alias: "evhns-test-alias" })).toThrow(
      "[test/primary] CmkNamespace.pairWith.secondary: received the namespace itself (test/primary). Allowed: another namespace",
    );
  });

  test("rejects pairing a namespace a second time, as primary or as secondary", () => {
    const stack = newStack();
    const { primary, secondary, vault } = pair(stack);
    const third = new CmkNamespace(stack, "third", {
      name: "evhns-test-frc",
      resourceGroupName: "rg",
      location: "francecentral",
      key: vault,
    });
    primary.pairWith(secondary, { alias: "evhns-test-alias" });
    expect(() => primary.pairWith(third, { alias: "evhns-test-alias2" })).toThrow(
      /pairWith: received test\/primary, already paired with test\/secondary[\s\S]*NS-GEO-DR-ONCE/,
    );
    expect(() => third.pairWith(secondary, { alias: "evhns-test-alias3" })).toThrow(
      /received test\/secondary, already paired with test\/primary/,
    );
  });

  test("rejects a secondary in the primary's region, however the region is spelt", () => {
    const stack = newStack();
    const { primary, secondary } = pair(stack, { location: "West Europe" });
    expect(() => primary.pairWith(secondary, { alias: "evhns-test-alias" })).toThrow(
      /pairWith\.secondary\.location: received "West Europe", the primary's region too[\s\S]*NS-GEO-DR-LOCATION/,
    );
  });

  test("rejects a Premium secondary for a primary in a dedicated cluster", () => {
    const stack = newStack();
    const { primary, secondary } = pair(stack, {}, { cluster: { id: clusterId("weu") } });
    expect(() => primary.pairWith(secondary, { alias: "evhns-test-alias" })).toThrow(
      /received a Premium secondary for a dedicated cluster primary[\s\S]*NS-GEO-DR-SAME-TIER/,
    );
  });

  test("rejects a secondary turned Standard without a cluster, or stripped of its identity, through escape hatches", () => {
    const stack = newStack();
    const { primary, secondary } = pair(stack);
    secondary.namespace.sku = "Standard";
    secondary.namespace.resetIdentity();
    expect(() => primary.pairWith(secondary, { alias: "evhns-test-alias" })).toThrow(
      /NS-GEO-DR-SECONDARY-TIER[\s\S]*pairWith\.secondary\.identity: received "no identity"[\s\S]*NS-GEO-DR-SECONDARY-IDENTITY/,
    );
  });

  test("rejects a secondary that is not a CmkNamespace", () => {
    const stack = newStack();
    const { primary } = pair(stack);
    const plain = new EventhubNamespace(stack, "plain", {
      name: "evhns-plain",
      resourceGroupName: "rg",
      location: "northeurope",
      sku: "Premium",
    });
    expect(() => primary.pairWith(plain as never, { alias: "evhns-test-alias" })).toThrow(
      "[test/primary] CmkNamespace.pairWith.secondary: received a EventhubNamespace. Allowed: a CmkNamespace",
    );
  });

  test("rejects at synth a secondary that holds event hubs of its own", () => {
    const stack = newStack();
    const { primary, secondary } = pair(stack);
    primary.addEventHub("orders");
    primary.pairWith(secondary, { alias: "evhns-test-alias" });
    expect(() => synth(stack)).not.toThrow();
    secondary.addEventHub("payments");
    expect(() => synth(stack)).toThrow(
      /\[test\/primary\] CmkNamespace.pairWith.secondary: received a secondary with event hubs \["payments"\][\s\S]*NS-GEO-DR-SECONDARY-EMPTY/,
    );
  });

  test("grants the secondary a key bound to the primary after the pairing, and makes the pairing wait for it", () => {
    const stack = newStack();
    const { primary, secondary } = pair(stack);
    const pairing = primary.pairWith(secondary, { alias: "evhns-test-alias" });
    const later = newVault(stack, { name: "kv-test-byok-later" }, "later");
    primary.addKey(later);
    const json = synth(stack);
    const grants = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter(
      (r) =>
        r.role_definition_name === CRYPTO_SERVICE_ENCRYPTION_USER_ROLE &&
        r.scope === `\${${addressOf(later.key)}.resource_versionless_id}`,
    );
    expect(grants.map((g) => g.principal_id).sort()).toEqual(
      [
        `\${${addressOf(primary.namespace)}.identity[0].principal_id}`,
        `\${${addressOf(secondary.namespace)}.identity[0].principal_id}`,
      ].sort(),
    );
    const waits = (jsonOf(json, pairing).depends_on as string[]).filter((d) => d.startsWith("time_sleep.later_"));
    expect(waits).toHaveLength(1);
  });

  test("refuses an alias that a namespace in the stack is named, and accepts another", () => {
    const refused = newStack();
    const a = pair(refused);
    a.primary.pairWith(a.secondary, { alias: "evhns-test-weu" });
    expect(() => synth(refused)).toThrow("(rule NS-GEO-DR-ALIAS-UNIQUE)");
    const fine = newStack();
    const b = pair(fine);
    b.primary.pairWith(b.secondary, { alias: "evhns-test-alias" });
    expect(() => synth(fine)).not.toThrow();
  });

  test("warns that it cannot compare locations known only at apply, and does not warn for literals", () => {
    const stack = newStack();
    const location = new TerraformVariable(stack, "location", { type: "string" }).stringValue;
    const { primary, secondary } = pair(stack, { location });
    primary.pairWith(secondary, { alias: "evhns-test-alias" });
    expect(warningsOf(primary).some((w) => w.startsWith("the Geo-DR pair's locations are only known at apply"))).toBe(
      true,
    );
    const literal = newStack();
    const b = pair(literal);
    b.primary.pairWith(b.secondary, { alias: "evhns-test-alias" });
    expect(warningsOf(b.primary).some((w) => w.startsWith("the Geo-DR pair's locations"))).toBe(false);
  });
});
