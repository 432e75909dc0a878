import { Testing } from "cdktf";
import { CmkNamespace, CmkNamespaceProps, KeyVaultWithProtection } from "../src";
import { addressOf, child, jsonOf, newStack, newVault, resolve, synth, vaultProps, warningsOf } from "./support/synth";

const namespaceProps = (key: KeyVaultWithProtection, changes: Partial<CmkNamespaceProps> = {}): CmkNamespaceProps => ({
  name: "evhns-test-byok",
  resourceGroupName: "rg-test",
  location: "westeurope",
  key,
  ...changes,
});

describe("CmkNamespace", () => {
  test("synthesizes the namespace, its grant, the wait and the binding as in the snapshot", () => {
    const json = Testing.synthScope((scope) => {
      const vault = new KeyVaultWithProtection(scope, "vault", vaultProps);
      new CmkNamespace(scope, "namespace", namespaceProps(vault)).addEventHub("orders");
    });
    expect(json).toMatchSnapshot();
  });

  test("is a Premium namespace with one processing unit when there is no cluster", () => {
    const stack = newStack();
    const ns = new CmkNamespace(stack, "namespace", namespaceProps(newVault(stack)));
    const namespace = jsonOf(synth(stack), ns.namespace);
    expect(namespace.sku).toBe("Premium");
    expect(namespace.capacity).toBe(1);
    expect(namespace).not.toHaveProperty("dedicated_cluster_id");
  });

  test("is a Standard namespace in a Dedicated_<n> cluster it creates", () => {
    const stack = newStack();
    const ns = new CmkNamespace(
      stack,
      "namespace",
      namespaceProps(newVault(stack), { cluster: { name: "evhc-test-byok", capacity: 2 } }),
    );
    const json = synth(stack);
    expect(jsonOf(json, ns.cluster!).sku_name).toBe("Dedicated_2");
    const namespace = jsonOf(json, ns.namespace);
    expect(namespace.sku).toBe("Standard");
    expect(namespace.dedicated_cluster_id).toBe(`\${${addressOf(ns.cluster!)}.id}`);
    expect(namespace).not.toHaveProperty("capacity");
  });

  test("uses an existing cluster by id without creating one", () => {
    const stack = newStack();
    const clusterId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventHub/clusters/evhc-shared";
    const ns = new CmkNamespace(stack, "namespace", namespaceProps(newVault(stack), { cluster: { id: clusterId } }));
    const json = synth(stack);
    expect(ns.cluster).toBeUndefined();
    expect(json.resource.azurerm_eventhub_cluster).toBeUndefined();
    expect(jsonOf(json, ns.namespace).dedicated_cluster_id).toBe(clusterId);
  });

  test("turns local authentication and public network access off, requires TLS 1.2 and denies in its network rule set", () => {
    const stack = newStack();
    const ns = new CmkNamespace(stack, "namespace", namespaceProps(newVault(stack)));
    const namespace = jsonOf(synth(stack), ns.namespace);
    expect(namespace.local_authentication_enabled).toBe(false);
    expect(namespace.public_network_access_enabled).toBe(false);
    expect(namespace.minimum_tls_version).toBe("1.2");
    expect(namespace.network_rulesets).toEqual([
      expect.objectContaining({
        default_action: "Deny",
        public_network_access_enabled: false,
        trusted_service_access_enabled: true,
      }),
    ]);
  });

  test("has a system-assigned identity whose principal is granted the key", () => {
    const stack = newStack();
    const vault = newVault(stack);
    const ns = new CmkNamespace(stack, "namespace", namespaceProps(vault));
    const json = synth(stack);
    expect(jsonOf(json, ns.namespace).identity).toEqual({ type: "SystemAssigned" });
    expect(resolve(stack, ns.principalId)).toBe(`\${${addressOf(ns.namespace)}.identity[0].principal_id}`);
    const grants = Object.values(json.resource.azurerm_role_assignment).filter(
      (r) => r.principal_id === resolve(stack, ns.principalId),
    );
    expect(grants).toHaveLength(1);
  });

  test("binds the versionless key id with infrastructure encryption, after the grant's wait", () => {
    const stack = newStack();
    const vault = newVault(stack);
    const ns = new CmkNamespace(stack, "namespace", namespaceProps(vault));
    const json = synth(stack);
    const binding = jsonOf(json, ns.customerManagedKey);
    expect(binding.key_vault_key_ids).toEqual([`\${${addressOf(vault.key)}.versionless_id}`]);
    expect(binding.infrastructure_encryption_enabled).toBe(true);
    expect(binding.eventhub_namespace_id).toBe(`\${${addressOf(ns.namespace)}.id}`);
    const waits = vault.node.children.filter((c) => c.node.id.startsWith("grant-") && c.node.id.endsWith("-wait"));
    expect(waits).toHaveLength(1);
    expect(binding.depends_on).toEqual([addressOf(child(vault, waits[0].node.id))]);
  });

  test("creates every event hub after the key binding", () => {
    const stack = newStack();
    const ns = new CmkNamespace(stack, "namespace", namespaceProps(newVault(stack)));
    const orders = ns.addEventHub("orders");
    const payments = ns.addEventHub("payments", { partitionCount: 8, messageRetentionDays: 3 });
    const json = synth(stack);
    for (const hub of [orders, payments]) {
      expect(jsonOf(json, hub).depends_on).toEqual([addressOf(ns.customerManagedKey)]);
      expect(jsonOf(json, hub).namespace_id).toBe(`\${${addressOf(ns.namespace)}.id}`);
    }
    expect(jsonOf(json, payments)).toMatchObject({ partition_count: 8, message_retention: 3 });
    expect(jsonOf(json, orders)).toMatchObject({ partition_count: 4, message_retention: 7 });
  });

  test("refuses a second event hub with the same name", () => {
    const stack = newStack();
    const ns = new CmkNamespace(stack, "namespace", namespaceProps(newVault(stack)));
    ns.addEventHub("orders");
    expect(() => ns.addEventHub("Orders")).toThrow(
      '[test/namespace] CmkNamespace.addEventHub.name: received "Orders", which the namespace already has. Allowed: a name no other event hub of the namespace has, ignoring case',
    );
  });

  test("grants a user-assigned identity before the namespace exists and names it in the binding", () => {
    const stack = newStack();
    const vault = newVault(stack);
    const identity = {
      id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-byok",
      principalId: "22222222-2222-2222-2222-222222222222",
    };
    const ns = new CmkNamespace(
      stack,
      "namespace",
      namespaceProps(vault, { identity: { type: "UserAssigned", userAssignedIdentity: identity } }),
    );
    const json = synth(stack);
    const namespace = jsonOf(json, ns.namespace);
    expect(namespace.identity).toEqual({ type: "UserAssigned", identity_ids: [identity.id] });
    const binding = jsonOf(json, ns.customerManagedKey);
    expect(binding.user_assigned_identity_id).toBe(identity.id);
    expect(namespace.depends_on).toEqual(binding.depends_on);
    expect(ns.principalId).toBe(identity.principalId);
  });

  test("is protected from destroy with its cluster and binding, unless preventDestroy is off", () => {
    const stack = newStack();
    const vault = newVault(stack);
    const guarded = new CmkNamespace(stack, "guarded", namespaceProps(vault, { cluster: { name: "evhc-test-byok" } }));
    const unguarded = new CmkNamespace(
      stack,
      "unguarded",
      namespaceProps(vault, { name: "evhns-test-byok-2", preventDestroy: false }),
    );
    const json = synth(stack);
    for (const r of [guarded.namespace, guarded.customerManagedKey, guarded.cluster!]) {
      expect(jsonOf(json, r).lifecycle).toEqual({ prevent_destroy: true });
    }
    for (const r of [unguarded.namespace, unguarded.customerManagedKey]) {
      expect(jsonOf(json, r).lifecycle).toEqual({ prevent_destroy: false });
    }
    expect(warningsOf(unguarded).some((w) => w.includes("preventDestroy is off"))).toBe(true);
    expect(warningsOf(guarded).some((w) => w.includes("preventDestroy is off"))).toBe(false);
  });

  test("fits twice in one stack on one key, each with its own grant", () => {
    const stack = newStack();
    const vault = newVault(stack);
    const a = new CmkNamespace(stack, "a", namespaceProps(vault, { name: "evhns-test-a" }));
    const b = new CmkNamespace(stack, "b", namespaceProps(vault, { name: "evhns-test-b" }));
    const json = synth(stack);
    expect(Object.keys(json.resource.azurerm_eventhub_namespace)).toHaveLength(2);
    expect(jsonOf(json, a.customerManagedKey).depends_on).not.toEqual(jsonOf(json, b.customerManagedKey).depends_on);
    expect(json.output).toBeUndefined();
  });

  test("binds further keys with addKey, granting each, up to three", () => {
    const stack = newStack();
    const keys = [1, 2, 3].map((n) => newVault(stack, { name: `kv-test-byok-${n}` }, `vault-${n}`));
    const ns = new CmkNamespace(stack, "namespace", namespaceProps(keys[0]));
    ns.addKey(keys[1]);
    ns.addKey(keys[2]);
    const binding = jsonOf(synth(stack), ns.customerManagedKey);
    expect(binding.key_vault_key_ids).toEqual(keys.map((k) => `\${${addressOf(k.key)}.versionless_id}`));
    expect(binding.depends_on).toHaveLength(3);
  });

  test("refuses a fourth key at synth", () => {
    const stack = newStack();
    const keys = [1, 2, 3, 4].map((n) => newVault(stack, { name: `kv-test-byok-${n}` }, `vault-${n}`));
    const ns = new CmkNamespace(stack, "namespace", namespaceProps(keys[0]));
    keys.slice(1).forEach((k) => ns.addKey(k));
    expect(() => synth(stack)).toThrow(
      "[test/namespace] CmkNamespace.keys: received 4. Allowed: 1 to 3 keys per namespace. Fix: bind at most 3 keys; they all use the same identity. (rule NS-KEY-COUNT)",
    );
  });

  describe("a user-assigned identity replaced through the escape hatch", () => {
    const identity = {
      id: "/subscriptions/s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-byok",
      principalId: "22222222-2222-2222-2222-222222222222",
    };
    const other = "/subscriptions/s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other";

    /** A namespace that unwraps its key through `identity`, and its stack. */
    function userAssigned(): { stack: ReturnType<typeof newStack>; ns: CmkNamespace } {
      const stack = newStack();
      const ns = new CmkNamespace(
        stack,
        "namespace",
        namespaceProps(newVault(stack), { identity: { type: "UserAssigned", userAssignedIdentity: identity } }),
      );
      return { stack, ns };
    }

    test("is refused at synth when the key's identity is no longer attached", () => {
      const { stack, ns } = userAssigned();
      ns.namespace.putIdentity({ type: "UserAssigned", identityIds: [other] });
      expect(() => synth(stack)).toThrow("(rule NS-KEY-IDENTITY-ATTACHED)");
    });

    test("is accepted when the key's identity stays attached beside another", () => {
      const { stack, ns } = userAssigned();
      ns.namespace.putIdentity({ type: "UserAssigned", identityIds: [identity.id, other] });
      expect(() => synth(stack)).not.toThrow();
    });

    test("is refused at synth when addOverride switches the namespace to its system identity", () => {
      const { stack, ns } = userAssigned();
      ns.namespace.addOverride("identity.type", "SystemAssigned");
      expect(() => synth(stack)).toThrow("(rule NS-KEY-IDENTITY-ATTACHED)");
    });
  });
});
