import { Testing } from "cdktf";
import { ByokExampleStack } from "../../app/example-stack";
import { settingsFromEnv } from "../../app/settings";
import { resourcesOf, synth } from "../support/synth";

const exampleStack = (count: string): ByokExampleStack =>
  new ByokExampleStack(Testing.app(), settingsFromEnv({ BYOK_NAMESPACE_COUNT: count }));

describe("ByokExampleStack", () => {
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
