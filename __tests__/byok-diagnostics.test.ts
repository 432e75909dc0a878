import { Testing } from "cdktf";
import { ByokDiagnostics, ByokDiagnosticsProps, CmkNamespace, KeyVaultWithProtection } from "../src";
import { addressOf, jsonOf, newStack, newVault, synth, vaultProps } from "./support/synth";

const workspaceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-byok";
const storageId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stbyok";
const ruleId =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/evhns-logs/authorizationRules/diag";

function setUp(changes: Partial<ByokDiagnosticsProps> = {}) {
  const stack = newStack();
  const vault = newVault(stack);
  const namespace = new CmkNamespace(stack, "namespace", {
    name: "evhns-test-byok",
    resourceGroupName: "rg-test",
    location: "westeurope",
    key: vault,
  });
  const diagnostics = new ByokDiagnostics(stack, "diagnostics", { namespace, ...changes });
  return { stack, vault, namespace, diagnostics };
}

describe("ByokDiagnostics", () => {
  test("synthesizes the namespace and vault settings as in the snapshot", () => {
    const json = Testing.synthScope((scope) => {
      const vault = new KeyVaultWithProtection(scope, "vault", vaultProps);
      const namespace = new CmkNamespace(scope, "namespace", {
        name: "evhns-test-byok",
        resourceGroupName: "rg-test",
        location: "westeurope",
        key: vault,
      });
      new ByokDiagnostics(scope, "diagnostics", { namespace, logAnalyticsWorkspaceId: workspaceId, keyVault: vault });
    });
    expect(json).toMatchSnapshot();
  });

  test("streams CustomerManagedKeyUserLogs of the namespace to the workspace's resource-specific tables", () => {
    const { stack, namespace, diagnostics } = setUp({ logAnalyticsWorkspaceId: workspaceId });
    const setting = jsonOf(synth(stack), diagnostics.namespaceSetting);
    expect(setting.target_resource_id).toBe(`\${${addressOf(namespace.namespace)}.id}`);
    expect(setting.enabled_log).toEqual([{ category: "CustomerManagedKeyUserLogs" }]);
    expect(setting.log_analytics_workspace_id).toBe(workspaceId);
    expect(setting.log_analytics_destination_type).toBe("Dedicated");
    expect(setting).not.toHaveProperty("log");
    expect(setting).not.toHaveProperty("metric");
    expect(diagnostics.keyVaultSetting).toBeUndefined();
  });

  test("adds the vault's AuditEvent logs to the same destination when keyVault is given", () => {
    const { stack, vault, namespace } = setUp({ logAnalyticsWorkspaceId: workspaceId });
    const both = new ByokDiagnostics(stack, "with-vault", {
      namespace,
      name: "byok-archive",
      storageAccountId: storageId,
      keyVault: vault,
    });
    const setting = jsonOf(synth(stack), both.keyVaultSetting!);
    expect(setting.target_resource_id).toBe(`\${${addressOf(vault.vault)}.id}`);
    expect(setting.enabled_log).toEqual([{ category: "AuditEvent" }]);
    expect(setting.storage_account_id).toBe(storageId);
    expect(both.settings).toHaveLength(2);
  });

  test("writes a storage account and an event hub destination without a destination type", () => {
    const { stack, diagnostics } = setUp({
      storageAccountId: storageId,
      eventHub: { authorizationRuleId: ruleId, name: "byok-logs" },
    });
    const setting = jsonOf(synth(stack), diagnostics.namespaceSetting);
    expect(setting.storage_account_id).toBe(storageId);
    expect(setting.eventhub_authorization_rule_id).toBe(ruleId);
    expect(setting.eventhub_name).toBe("byok-logs");
    expect(setting).not.toHaveProperty("log_analytics_destination_type");
  });

  test("refuses a second setting of the same name on the same namespace, at synth", () => {
    const { stack, namespace } = setUp({ logAnalyticsWorkspaceId: workspaceId });
    new ByokDiagnostics(stack, "again", { namespace, storageAccountId: storageId });
    expect(() => synth(stack)).toThrow(
      '[test/again] ByokDiagnostics.name: received "byok-diagnostics", used by 2 settings on one resource. Allowed: a setting name used once per monitored resource.',
    );
  });

  test("accepts two settings with different names on the same namespace", () => {
    const { stack, namespace } = setUp({ logAnalyticsWorkspaceId: workspaceId });
    new ByokDiagnostics(stack, "archive", { namespace, name: "byok-archive", storageAccountId: storageId });
    expect(() => synth(stack)).not.toThrow();
  });

  test("accepts five diagnostic settings on one namespace", () => {
    const { stack, namespace } = setUp({ logAnalyticsWorkspaceId: workspaceId });
    for (const n of [2, 3, 4, 5])
      new ByokDiagnostics(stack, `d${n}`, { namespace, name: `byok-${n}`, storageAccountId: storageId });
    expect(() => synth(stack)).not.toThrow();
  });

  test("refuses a sixth diagnostic setting on one namespace, at synth", () => {
    const { stack, namespace } = setUp({ logAnalyticsWorkspaceId: workspaceId });
    for (const n of [2, 3, 4, 5, 6])
      new ByokDiagnostics(stack, `d${n}`, { namespace, name: `byok-${n}`, storageAccountId: storageId });
    expect(() => synth(stack)).toThrow(
      "ByokDiagnostics.namespace | keyVault: received 6 settings on one resource. Allowed: at most 5",
    );
  });
});
