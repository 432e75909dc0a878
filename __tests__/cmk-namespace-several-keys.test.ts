import { CmkNamespace, KeyVaultWithProtection } from "../src";
import { addressOf, child, jsonOf, newStack, newVault, resourcesOf, synth } from "./support/synth";

const centralVault = (n: number) =>
  `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central-${n}`;

describe("CmkNamespace with several keys", () => {
  test("binds three keys, grants each to the namespace identity and waits for every grant", () => {
    const stack = newStack();
    const vault = newVault(stack);
    const second = KeyVaultWithProtection.fromExistingKey(stack, "second", {
      keyVaultId: centralVault(2),
      keyName: "cmk",
      permissionModel: "rbac",
    });
    const third = KeyVaultWithProtection.fromExistingKey(stack, "third", {
      keyVaultId: centralVault(3),
      keyName: "cmk",
      permissionModel: "accessPolicy",
      tenantId: "00000000-0000-0000-0000-0000000000aa",
    });
    const ns = new CmkNamespace(stack, "ns", {
      name: "evhns-test-three",
      resourceGroupName: "rg",
      location: "westeurope",
      key: vault,
      additionalKeys: [second, third],
    });
    const json = synth(stack);

    expect(ns.keys).toEqual([vault, second, third]);
    const binding = jsonOf(json, ns.customerManagedKey);
    expect(binding.key_vault_key_ids).toEqual([
      expect.stringMatching(/^\$\{azurerm_key_vault_key\.[^.]+\.versionless_id\}$/),
      "https://kv-central-2.vault.azure.net/keys/cmk",
      "https://kv-central-3.vault.azure.net/keys/cmk",
    ]);

    const principal = expect.stringMatching(/azurerm_eventhub_namespace\.[^.]+\.identity\[0\]\.principal_id/);
    const encryptionUsers = Object.values(resourcesOf(json, "azurerm_role_assignment")).filter(
      (r) => r.principal_type === "ServicePrincipal",
    );
    expect(encryptionUsers.map((r) => r.scope)).toHaveLength(2);
    expect(encryptionUsers.map((r) => r.scope)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\{azurerm_key_vault_key\.[^.]+\.resource_versionless_id\}$/),
        `${centralVault(2)}/keys/cmk`,
      ]),
    );
    encryptionUsers.forEach((r) => expect(r.principal_id).toEqual(principal));
    const policy = Object.values(resourcesOf(json, "azurerm_key_vault_access_policy"));
    expect(policy).toHaveLength(1);
    expect(policy[0]).toMatchObject({ key_vault_id: centralVault(3), object_id: principal });

    const grantsOf = (scope: KeyVaultWithProtection | typeof second) =>
      scope.node.children.map((c) => c.node.id).filter((id) => /^grant-[0-9a-f]{8}(-wait)?$/.test(id));
    const [vaultWait] = grantsOf(vault).filter((id) => id.endsWith("-wait"));
    const [secondWait] = grantsOf(second).filter((id) => id.endsWith("-wait"));
    const [thirdPolicy] = grantsOf(third);
    expect(binding.depends_on).toEqual([
      addressOf(child(vault, vaultWait)),
      addressOf(child(second, secondWait)),
      addressOf(child(third, thirdPolicy)),
    ]);
  });

  test("accepts one key and no additional keys, as before", () => {
    const stack = newStack();
    const ns = new CmkNamespace(stack, "ns", {
      name: "evhns-test-one",
      resourceGroupName: "rg",
      location: "westeurope",
      key: newVault(stack),
      additionalKeys: [],
    });
    expect(jsonOf(synth(stack), ns.customerManagedKey).key_vault_key_ids).toHaveLength(1);
  });

  test("rejects four keys at synth, naming the limit of three", () => {
    const stack = newStack();
    const extra = [2, 3, 4].map((n) =>
      KeyVaultWithProtection.fromExistingKey(stack, `key-${n}`, {
        keyVaultId: centralVault(n),
        keyName: "cmk",
        permissionModel: "rbac",
      }),
    );
    new CmkNamespace(stack, "ns", {
      name: "evhns-test-four",
      resourceGroupName: "rg",
      location: "westeurope",
      key: newVault(stack),
      additionalKeys: extra,
    });
    expect(() => synth(stack)).toThrow(
      "[test/ns] CmkNamespace.keys: received 4. Allowed: 1 to 3 keys per namespace. Fix: bind at most 3 keys; they all use the same identity. (rule NS-KEY-COUNT)",
    );
  });

  test("rejects a fourth key added later with addKey", () => {
    const stack = newStack();
    const keys = [2, 3, 4].map((n) =>
      KeyVaultWithProtection.fromExistingKey(stack, `key-${n}`, {
        keyVaultId: centralVault(n),
        keyName: "cmk",
        permissionModel: "rbac",
      }),
    );
    const ns = new CmkNamespace(stack, "ns", {
      name: "evhns-test-later",
      resourceGroupName: "rg",
      location: "westeurope",
      key: newVault(stack),
      additionalKeys: keys.slice(0, 2),
    });
    expect(() => synth(stack)).not.toThrow();
    ns.addKey(keys[2]);
    expect(() => synth(stack)).toThrow(/CmkNamespace\.keys: received 4[\s\S]*NS-KEY-COUNT/);
  });
});
