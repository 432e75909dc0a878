import { TerraformVariable } from "cdktf";
import { CmkNamespace, CRYPTO_SERVICE_ENCRYPTION_USER_ROLE, KeyVaultWithProtection } from "../src";
import { addressOf, jsonOf, newStack, onlyResource, resolve, resourcesOf, synth } from "./support/synth";

const vaultId =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central";

describe("KeyVaultWithProtection.fromExistingKey", () => {
  test("builds the versionless key id from a literal vault id and the key name, looking nothing up", () => {
    const stack = newStack();
    const key = KeyVaultWithProtection.fromExistingKey(stack, "central", {
      keyVaultId: vaultId,
      keyName: "cmk-eventhubs",
      permissionModel: "rbac",
    });
    expect(key.versionlessKeyId).toBe("https://kv-central.vault.azure.net/keys/cmk-eventhubs");
    expect(key.keyVaultId).toBe(vaultId);
    const json = synth(stack);
    expect(json.data).toBeUndefined();
    expect(json.resource ?? {}).toEqual({});
  });

  test("uses the vault DNS suffix of a sovereign cloud when given", () => {
    const stack = newStack();
    const key = KeyVaultWithProtection.fromExistingKey(stack, "central", {
      keyVaultId: vaultId,
      keyName: "cmk",
      permissionModel: "rbac",
      vaultDnsSuffix: "vault.azure.cn",
    });
    expect(key.versionlessKeyId).toBe("https://kv-central.vault.azure.cn/keys/cmk");
  });

  test("takes the vault name from a vault id that is a Terraform reference with Terraform functions", () => {
    const stack = newStack();
    const variable = new TerraformVariable(stack, "central_vault_id", { type: "string" });
    const key = KeyVaultWithProtection.fromExistingKey(stack, "central", {
      keyVaultId: variable.stringValue,
      keyName: "cmk",
      permissionModel: "rbac",
    });
    expect(resolve(stack, key.versionlessKeyId)).toBe(
      'https://${element(split("/", var.central_vault_id), 8)}.vault.azure.net/keys/cmk',
    );
  });

  test("grants a namespace the encryption-user role scoped to the key, and the binding waits for it", () => {
    const stack = newStack();
    const key = KeyVaultWithProtection.fromExistingKey(stack, "central", {
      keyVaultId: vaultId,
      keyName: "cmk-eventhubs",
      permissionModel: "rbac",
      rbacPropagationDelay: "90s",
    });
    const ns = new CmkNamespace(stack, "ns", {
      name: "evhns-test-central",
      resourceGroupName: "rg",
      location: "westeurope",
      key,
    });
    const json = synth(stack);
    const assignment = onlyResource(json, "azurerm_role_assignment");
    expect(assignment.scope).toBe(`${vaultId}/keys/cmk-eventhubs`);
    expect(assignment.role_definition_name).toBe(CRYPTO_SERVICE_ENCRYPTION_USER_ROLE);
    expect(assignment.principal_id).toMatch(/azurerm_eventhub_namespace\.[^.]+\.identity\[0\]\.principal_id/);
    const wait = onlyResource(json, "time_sleep");
    expect(wait.create_duration).toBe("90s");
    const binding = jsonOf(json, ns.customerManagedKey);
    expect(binding.key_vault_key_ids).toEqual(["https://kv-central.vault.azure.net/keys/cmk-eventhubs"]);
    expect(binding.depends_on).toEqual([`time_sleep.${Object.keys(resourcesOf(json, "time_sleep"))[0]}`]);
    expect(json.data).toBeUndefined();
  });

  test("grants with a standalone access policy of Get, WrapKey and UnwrapKey in an access-policy vault", () => {
    const stack = newStack();
    const key = KeyVaultWithProtection.fromExistingKey(stack, "central", {
      keyVaultId: vaultId,
      keyName: "cmk",
      permissionModel: "accessPolicy",
      tenantId: "00000000-0000-0000-0000-0000000000aa",
    });
    const grant = key.grantKeyAccess("11111111-1111-1111-1111-111111111111");
    const json = synth(stack);
    const policy = onlyResource(json, "azurerm_key_vault_access_policy");
    expect(policy).toMatchObject({
      key_vault_id: vaultId,
      tenant_id: "00000000-0000-0000-0000-0000000000aa",
      object_id: "11111111-1111-1111-1111-111111111111",
      key_permissions: ["Get", "WrapKey", "UnwrapKey"],
    });
    expect(resourcesOf(json, "azurerm_role_assignment")).toEqual({});
    expect(grant.dependables).toHaveLength(1);
  });

  test("defaults the access-policy tenant to the deployer's tenant", () => {
    const stack = newStack();
    const key = KeyVaultWithProtection.fromExistingKey(stack, "central", {
      keyVaultId: vaultId,
      keyName: "cmk",
      permissionModel: "accessPolicy",
    });
    key.grantKeyAccess("11111111-1111-1111-1111-111111111111");
    expect(onlyResource(synth(stack), "azurerm_key_vault_access_policy").tenant_id).toMatch(
      /^\$\{data\.azurerm_client_config\.[^.]+\.tenant_id\}$/,
    );
  });

  test("returns the first grant when the same principal is granted twice", () => {
    const stack = newStack();
    const key = KeyVaultWithProtection.fromExistingKey(stack, "central", {
      keyVaultId: vaultId,
      keyName: "cmk",
      permissionModel: "rbac",
    });
    const first = key.grantKeyAccess("11111111-1111-1111-1111-111111111111");
    expect(key.grantKeyAccess("11111111-1111-1111-1111-111111111111")).toBe(first);
    expect(Object.keys(resourcesOf(synth(stack), "azurerm_role_assignment"))).toHaveLength(1);
  });

  test("names a grant after its principal, as the vault construct does", () => {
    const stack = newStack();
    const key = KeyVaultWithProtection.fromExistingKey(stack, "central", {
      keyVaultId: vaultId,
      keyName: "cmk",
      permissionModel: "rbac",
    });
    const vault = new KeyVaultWithProtection(stack, "vault", {
      name: "kv-test-byok",
      resourceGroupName: "rg",
      location: "westeurope",
      network: { ipRules: ["203.0.113.10"] },
    });
    const principal = "11111111-1111-1111-1111-111111111111";
    const [existingGrant] = key.grantKeyAccess(principal).dependables;
    const [vaultGrant] = vault.grantKeyAccess(principal).dependables;
    const idOf = (d: unknown) => (d as { node: { id: string } }).node.id;
    expect(idOf(existingGrant)).toBe(idOf(vaultGrant));
    expect(idOf(existingGrant)).toMatch(/^grant-[0-9a-f]{8}-wait$/);
    expect(addressOf(existingGrant as never)).not.toBe(addressOf(vaultGrant as never));
  });

  test("rejects a vault name in place of a vault resource id", () => {
    const stack = newStack();
    expect(() =>
      KeyVaultWithProtection.fromExistingKey(stack, "central", {
        keyVaultId: "kv-central",
        keyName: "cmk",
        permissionModel: "rbac",
      }),
    ).toThrow(
      '[test/central] KeyVaultWithProtection.fromExistingKey.keyVaultId: received "kv-central". Allowed: the Azure resource id of a vault',
    );
  });

  test("rejects a key URI in place of a key name", () => {
    const stack = newStack();
    expect(() =>
      KeyVaultWithProtection.fromExistingKey(stack, "central", {
        keyVaultId: vaultId,
        keyName: "https://kv-central.vault.azure.net/keys/cmk",
        permissionModel: "rbac",
      }),
    ).toThrow(/fromExistingKey\.keyName: received "https:.*\(rule KEY-EXISTING-NAME\)/);
  });

  test("rejects an unknown permission model, a wait without units and an unknown DNS suffix together", () => {
    const stack = newStack();
    expect(() =>
      KeyVaultWithProtection.fromExistingKey(stack, "central", {
        keyVaultId: vaultId,
        keyName: "cmk",
        permissionModel: "acl" as never,
        rbacPropagationDelay: "60",
        vaultDnsSuffix: "vault.example.com" as never,
      }),
    ).toThrow(/3 problems[\s\S]*KV-PERMISSION-MODEL[\s\S]*KV-RBAC-DELAY[\s\S]*KV-DNS-SUFFIX/);
  });

  test("makes one role assignment when two handles of one key grant the same identity", () => {
    const stack = newStack();
    const props = {
      keyVaultId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-central",
      keyName: "cmk",
      permissionModel: "rbac" as const,
    };
    const a = KeyVaultWithProtection.fromExistingKey(stack, "central-a", props);
    const b = KeyVaultWithProtection.fromExistingKey(stack, "central-b", {
      ...props,
      keyVaultId: props.keyVaultId.toUpperCase(),
    });
    expect(b.grantKeyAccess("11111111-1111-1111-1111-111111111111")).toBe(
      a.grantKeyAccess("11111111-1111-1111-1111-111111111111"),
    );
    expect(Object.keys(synth(stack).resource.azurerm_role_assignment)).toHaveLength(1);
  });
});
