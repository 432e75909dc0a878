import { Testing } from "cdktf";
import { ByokExampleStack } from "../app/example-stack";
import { settingsFromEnv } from "../app/settings";
import { CmkNamespace, DEPLOYER_KEY_PERMISSIONS, safeKeyVaultFeatures } from "../src";
import {
  addressOf,
  child,
  jsonOf,
  newStack,
  newVault,
  resourcesOf,
  synth,
  SynthesizedStack,
  warningsOf,
} from "./support/synth";

/** The resource types whose loss makes encrypted data unreadable or lost. */
const BYOK_CHAIN = [
  "azurerm_key_vault",
  "azurerm_key_vault_key",
  "azurerm_eventhub_cluster",
  "azurerm_eventhub_namespace",
  "azurerm_eventhub_namespace_customer_managed_key",
];

function exampleJson(): { stack: ByokExampleStack; json: SynthesizedStack } {
  const stack = new ByokExampleStack(Testing.app(), settingsFromEnv({}));
  return { stack, json: JSON.parse(Testing.synth(stack, true)) as SynthesizedStack };
}

describe("guards against losing data", () => {
  test("no resource of the example's BYOK chain, nor a namespace grant, can be destroyed without an explicit opt-out", () => {
    const { stack, json } = exampleJson();
    const guarded = [
      ...BYOK_CHAIN.flatMap((type) =>
        Object.entries(resourcesOf(json, type)).map(([id, r]) => [`${type}.${id}`, r] as const),
      ),
    ];
    const grant = Object.entries(resourcesOf(json, "azurerm_role_assignment")).filter(
      ([, r]) => r.principal_id === `\${${addressOf(stack.namespace.namespace)}.identity[0].principal_id}`,
    );
    expect(grant).toHaveLength(1);
    const unguarded = [...guarded, ...grant.map(([id, r]) => [`azurerm_role_assignment.${id}`, r] as const)]
      .filter(([, r]) => (r.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy !== true)
      .map(([address]) => address);
    expect(guarded.length).toBe(BYOK_CHAIN.length);
    expect(unguarded).toEqual([]);
  });

  test("the provider settings never purge a soft-deleted vault or key and recover them instead", () => {
    expect(safeKeyVaultFeatures()).toEqual({
      purgeSoftDeleteOnDestroy: false,
      purgeSoftDeletedKeysOnDestroy: false,
      purgeSoftDeletedHardwareSecurityModuleKeysOnDestroy: false,
      recoverSoftDeletedKeyVaults: true,
      recoverSoftDeletedKeys: true,
      recoverSoftDeletedHardwareSecurityModuleKeys: true,
    });
    const { json } = exampleJson();
    expect((json.provider?.azurerm[0] as { features: { key_vault: unknown[] }[] }).features[0].key_vault[0]).toEqual({
      purge_soft_delete_on_destroy: false,
      purge_soft_deleted_keys_on_destroy: false,
      purge_soft_deleted_hardware_security_module_keys_on_destroy: false,
      recover_soft_deleted_key_vaults: true,
      recover_soft_deleted_keys: true,
      recover_soft_deleted_hardware_security_module_keys: true,
    });
  });

  test("the key ignores the dates each rotation writes, so rotation never makes Terraform replace it", () => {
    const stack = newStack();
    const vault = newVault(stack);
    expect(jsonOf(synth(stack), vault.key).lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: ["expiration_date", "not_before_date"],
    });
  });

  test("a key given fixed dates keeps them from its first version on, and says so", () => {
    const stack = newStack();
    const vault = newVault(stack, { key: { expirationDate: "2030-01-01T00:00:00Z" } });
    expect(jsonOf(synth(stack), vault.key)).toMatchObject({
      expiration_date: "2030-01-01T00:00:00Z",
      lifecycle: { ignore_changes: ["expiration_date", "not_before_date"] },
    });
    expect(warningsOf(vault).some((w) => w.includes("apply to the key's first version only"))).toBe(true);
    expect(warningsOf(newVault(newStack())).some((w) => w.includes("first version only"))).toBe(false);
  });

  test("CanNotDelete locks are off by default and cover vault and namespace when asked for", () => {
    const stack = newStack();
    const vault = newVault(stack, { deleteLock: true });
    const ns = new CmkNamespace(stack, "namespace", {
      name: "evhns-test-byok",
      resourceGroupName: "rg",
      location: "westeurope",
      key: vault,
      deleteLock: true,
    });
    const json = synth(stack);
    expect(jsonOf(json, vault.deleteLock!)).toMatchObject({
      lock_level: "CanNotDelete",
      scope: `\${${addressOf(vault.vault)}.id}`,
    });
    expect(jsonOf(json, ns.deleteLock!)).toMatchObject({
      lock_level: "CanNotDelete",
      scope: `\${${addressOf(ns.namespace)}.id}`,
    });
    const plain = newStack();
    newVault(plain);
    expect(synth(plain).resource.azurerm_management_lock).toBeUndefined();
  });
});

describe("ordering that lets the first apply succeed", () => {
  test("system-assigned: namespace, then grant to its principal, then wait, then binding, then event hubs", () => {
    const { stack, json } = exampleJson();
    const ns = stack.namespace;
    const [assignmentId, assignment] = Object.entries(resourcesOf(json, "azurerm_role_assignment")).find(
      ([, r]) => r.role_definition_name === "Key Vault Crypto Service Encryption User",
    )!;
    expect(assignment.principal_id).toBe(`\${${addressOf(ns.namespace)}.identity[0].principal_id}`);
    const [waitId, wait] = Object.entries(resourcesOf(json, "time_sleep")).find(([id]) => id.includes("grant-"))!;
    expect(wait.depends_on).toEqual([`azurerm_role_assignment.${assignmentId}`]);
    expect(jsonOf(json, ns.customerManagedKey).depends_on).toEqual([`time_sleep.${waitId}`]);
    for (const hub of Object.values(resourcesOf(json, "azurerm_eventhub"))) {
      expect(hub.depends_on).toEqual([addressOf(ns.customerManagedKey)]);
    }
  });

  test("RBAC vault: the deployer's Crypto Officer role, then a wait, then the key", () => {
    const stack = newStack();
    const vault = newVault(stack);
    const json = synth(stack);
    const officer = jsonOf(json, child(vault, "deployer-crypto-officer"));
    expect(officer).toMatchObject({
      role_definition_name: "Key Vault Crypto Officer",
      scope: `\${${addressOf(vault.vault)}.id}`,
    });
    const wait = child(vault, "deployer-crypto-officer-wait");
    expect(jsonOf(json, wait).depends_on).toEqual([addressOf(child(vault, "deployer-crypto-officer"))]);
    expect(jsonOf(json, vault.key).depends_on).toEqual([addressOf(wait)]);
  });

  test("access-policy vault: the deployer's standalone policy, with rotation-policy rights, before the key", () => {
    const stack = newStack();
    const vault = newVault(stack, { permissionModel: "accessPolicy" });
    const json = synth(stack);
    const policy = child(vault, "deployer-access");
    expect(jsonOf(json, policy).key_permissions).toEqual([...DEPLOYER_KEY_PERMISSIONS]);
    expect(DEPLOYER_KEY_PERMISSIONS).toEqual(
      expect.arrayContaining(["Create", "GetRotationPolicy", "SetRotationPolicy"]),
    );
    expect(jsonOf(json, vault.key).depends_on).toEqual([addressOf(policy)]);
  });

  test("a deployer that already holds its rights can skip the deployer grant", () => {
    const stack = newStack();
    const vault = newVault(stack, { grantDeployerAccess: false });
    const json = synth(stack);
    expect(json.resource.azurerm_role_assignment).toBeUndefined();
    expect(jsonOf(json, vault.key).depends_on).toBeUndefined();
  });
});
