import { Testing } from "cdktf";
import { ByokExampleStack } from "../../app/example-stack";
import { settingsFromEnv } from "../../app/settings";
import { addressOf, jsonOf, resourcesOf, synth, SynthesizedStack, warningsOf } from "../support/synth";

function synthExample(env: NodeJS.ProcessEnv = {}) {
  const stack = new ByokExampleStack(Testing.app(), settingsFromEnv(env));
  const json = JSON.parse(Testing.synth(stack, true)) as SynthesizedStack;
  return { stack, json };
}

const exampleStack = (count: string): ByokExampleStack =>
  new ByokExampleStack(Testing.app(), settingsFromEnv({ BYOK_NAMESPACE_COUNT: count }));

describe("the example app", () => {
  test("contains the cluster, namespace, vault, key, grant, wait, binding, event hubs and diagnostic settings", () => {
    const { json } = synthExample();
    const counts = Object.fromEntries(
      Object.entries(json.resource).map(([type, all]) => [type, Object.keys(all).length]),
    );
    expect(counts).toEqual({
      azurerm_resource_group: 1,
      azurerm_log_analytics_workspace: 1,
      azurerm_eventhub_cluster: 1,
      azurerm_eventhub_namespace: 1,
      azurerm_key_vault: 1,
      azurerm_key_vault_key: 1,
      azurerm_role_assignment: 2,
      time_sleep: 2,
      azurerm_eventhub_namespace_customer_managed_key: 1,
      azurerm_eventhub: 2,
      azurerm_monitor_diagnostic_setting: 2,
      azurerm_monitor_scheduled_query_rules_alert_v2: 4,
    });
  });

  test("wires the namespace into the cluster, the binding to the key, and the logs to the workspace", () => {
    const { stack, json } = synthExample();
    const { vault, namespace, diagnostics } = stack;
    expect(jsonOf(json, namespace.namespace).dedicated_cluster_id).toBe(`\${${addressOf(namespace.cluster!)}.id}`);
    const binding = jsonOf(json, namespace.customerManagedKey);
    expect(binding.key_vault_key_ids).toEqual([`\${${addressOf(vault.key)}.versionless_id}`]);
    const grantWait = Object.keys(resourcesOf(json, "time_sleep")).find((id) => id.includes("grant-"));
    expect(binding.depends_on).toEqual([`time_sleep.${grantWait}`]);
    for (const hub of Object.values(resourcesOf(json, "azurerm_eventhub"))) {
      expect(hub.depends_on).toEqual([addressOf(namespace.customerManagedKey)]);
    }
    const workspace = Object.keys(resourcesOf(json, "azurerm_log_analytics_workspace"))[0];
    for (const setting of diagnostics.settings) {
      expect(jsonOf(json, setting).log_analytics_workspace_id).toBe(
        `\${azurerm_log_analytics_workspace.${workspace}.id}`,
      );
    }
  });

  test("declares the provider with key-vault purge on destroy turned off", () => {
    const { json } = synthExample();
    expect(json.provider?.azurerm).toEqual([
      {
        features: [
          {
            key_vault: [
              expect.objectContaining({
                purge_soft_delete_on_destroy: false,
                purge_soft_deleted_keys_on_destroy: false,
              }),
            ],
          },
        ],
      },
    ]);
  });

  test("outputs the namespace id and both key ids, saying which one is versionless", () => {
    const { json } = synthExample();
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      "key_id",
      "key_vault_uri",
      "namespace_id",
      "versionless_key_id",
    ]);
    expect(json.output?.versionless_key_id.description).toMatch(/Versionless/);
    expect(json.output?.key_id.description).toMatch(/Versioned/);
  });

  test("lets the deployer's address through the vault firewall from BYOK_DEPLOYER_IPS, and warns without it", () => {
    const withIp = synthExample({ BYOK_DEPLOYER_IPS: "203.0.113.10" });
    expect(jsonOf(withIp.json, withIp.stack.vault.vault).network_acls).toMatchObject({ ip_rules: ["203.0.113.10"] });
    expect(warningsOf(withIp.stack).some((w) => w.includes("network.ipRules"))).toBe(false);
    const without = synthExample();
    expect(warningsOf(without.stack).some((w) => w.includes("network.ipRules"))).toBe(true);
  });

  test("creates one namespace with unnumbered ids and names by default", () => {
    const stack = exampleStack("1");
    const namespaces = Object.values(resourcesOf(synth(stack), "azurerm_eventhub_namespace"));
    expect(namespaces.map((n) => n.name)).toEqual(["evhns-contoso-byok"]);
    expect(stack.namespaces).toEqual([stack.namespace]);
    expect(stack.namespace.node.id).toBe("namespace");
    expect(stack.diagnostics.node.id).toBe("diagnostics");
  });

  test("creates three numbered namespaces in the first one's cluster, each with its event hubs and diagnostics", () => {
    const stack = exampleStack("3");
    const json = synth(stack);
    const namespaces = Object.values(resourcesOf(json, "azurerm_eventhub_namespace"));
    expect(namespaces.map((n) => n.name)).toEqual([
      "evhns-contoso-byok-1",
      "evhns-contoso-byok-2",
      "evhns-contoso-byok-3",
    ]);
    const clusters = resourcesOf(json, "azurerm_eventhub_cluster");
    expect(Object.keys(clusters)).toHaveLength(1);
    const clusterId = `\${azurerm_eventhub_cluster.${Object.keys(clusters)[0]}.id}`;
    expect(namespaces.map((n) => n.dedicated_cluster_id)).toEqual([clusterId, clusterId, clusterId]);
    expect(Object.keys(resourcesOf(json, "azurerm_eventhub"))).toHaveLength(6);
    expect(Object.keys(resourcesOf(json, "azurerm_key_vault"))).toHaveLength(1);
  });

  test("streams the vault's audit logs once, from the first namespace's diagnostics", () => {
    const stack = exampleStack("3");
    synth(stack);
    expect(stack.allDiagnostics.map((d) => d.settings.length)).toEqual([2, 1, 1]);
    expect(stack.allDiagnostics[0].keyVaultSetting).toBeDefined();
  });
});
