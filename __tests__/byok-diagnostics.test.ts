import { TerraformStack, Testing } from "cdktf";
import {
  ByokDiagnostics,
  ByokDiagnosticsProps,
  ByokValidationError,
  CmkNamespace,
  describeFamily,
  KeyVaultWithProtection,
  keyErrorAlertQuery,
} from "../src";
import { addressOf, jsonOf, newStack, newVault, resourcesOf, synth, vaultProps } from "./support/synth";

const WORKSPACE =
  "/subscriptions/0000/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/log-ops";
const STORAGE = "/subscriptions/0000/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stopslogs";
const RULE =
  "/subscriptions/0000/resourceGroups/rg-ops/providers/Microsoft.EventHub/namespaces/evhns-ops/authorizationRules/diag";
const ACTION_GROUP = "/subscriptions/0000/resourceGroups/rg-ops/providers/Microsoft.Insights/actionGroups/ag-oncall";

function namespaceIn(stack: TerraformStack): CmkNamespace {
  return new CmkNamespace(stack, "namespace", {
    name: "evhns-test-byok",
    resourceGroupName: "rg-test",
    location: "westeurope",
    key: newVault(stack),
  });
}

/** A stack with a namespace and diagnostics with the given props. */
function diagnostics(props: Omit<ByokDiagnosticsProps, "namespace">): { stack: TerraformStack; diag: ByokDiagnostics } {
  const stack = newStack();
  const diag = new ByokDiagnostics(stack, "diagnostics", { namespace: namespaceIn(stack), ...props });
  return { stack, diag };
}

function problemsOf(props: Omit<ByokDiagnosticsProps, "namespace">): string[] {
  try {
    diagnostics(props);
  } catch (error) {
    if (error instanceof ByokValidationError) return error.violations.map((v) => v.ruleId);
    throw error;
  }
  return [];
}

describe("ByokDiagnostics", () => {
  describe("destinations", () => {
    const workspace = { logAnalyticsWorkspaceId: WORKSPACE };
    const storage = { storageAccountId: STORAGE };
    const hub = { eventHub: { authorizationRuleId: RULE, name: "byok-logs" } };

    test.each([
      ["a workspace", workspace],
      ["a storage account", storage],
      ["an event hub", hub],
      ["a workspace and a storage account", { ...workspace, ...storage }],
      ["a workspace and an event hub", { ...workspace, ...hub }],
      ["a storage account and an event hub", { ...storage, ...hub }],
      ["a workspace, a storage account and an event hub", { ...workspace, ...storage, ...hub }],
    ])("sends the key logs of the namespace and the vault's audit logs to %s", (_, destinations) => {
      const { stack, diag } = diagnostics({ ...destinations, keyVault: { keyVaultId: "kv-id" } });
      const json = synth(stack);
      const namespaceSetting = jsonOf(json, diag.namespaceSetting);
      const vaultSetting = jsonOf(json, diag.keyVaultSetting!);
      const expected = {
        log_analytics_workspace_id: "logAnalyticsWorkspaceId" in destinations ? WORKSPACE : undefined,
        log_analytics_destination_type: "logAnalyticsWorkspaceId" in destinations ? "Dedicated" : undefined,
        storage_account_id: "storageAccountId" in destinations ? STORAGE : undefined,
        eventhub_authorization_rule_id: "eventHub" in destinations ? RULE : undefined,
        eventhub_name: "eventHub" in destinations ? "byok-logs" : undefined,
      };
      for (const setting of [namespaceSetting, vaultSetting]) {
        for (const [field, value] of Object.entries(expected)) expect(setting[field]).toBe(value);
      }
      expect(namespaceSetting.enabled_log).toEqual([{ category: "CustomerManagedKeyUserLogs" }]);
      expect(vaultSetting.enabled_log).toEqual([{ category: "AuditEvent" }]);
      expect(vaultSetting.target_resource_id).toBe("kv-id");
      expect(namespaceSetting.target_resource_id).toMatch(/^\$\{azurerm_eventhub_namespace\.[^.]+\.id\}$/);
      expect(namespaceSetting).not.toHaveProperty("log");
      expect(namespaceSetting).not.toHaveProperty("metric");
    });

    test("writes logs to the AzureDiagnostics table when asked", () => {
      const { stack, diag } = diagnostics({ ...workspace, logAnalyticsDestinationType: "AzureDiagnostics" });
      expect(jsonOf(synth(stack), diag.namespaceSetting).log_analytics_destination_type).toBe("AzureDiagnostics");
    });

    test("configures only the namespace when no vault is given", () => {
      const { stack, diag } = diagnostics(workspace);
      expect(diag.keyVaultSetting).toBeUndefined();
      expect(diag.settings).toEqual([diag.namespaceSetting]);
      expect(Object.keys(resourcesOf(synth(stack), "azurerm_monitor_diagnostic_setting"))).toHaveLength(1);
    });

    test("streams to an event hub per category when no hub name is given", () => {
      const { stack, diag } = diagnostics({ eventHub: { authorizationRuleId: RULE } });
      expect(jsonOf(synth(stack), diag.namespaceSetting).eventhub_name).toBeUndefined();
    });

    test("rejects diagnostics without a destination", () => {
      expect(problemsOf({})).toEqual(["DIAG-DESTINATION"]);
    });

    test("rejects an authorization rule of a single event hub", () => {
      expect(
        problemsOf({
          eventHub: {
            authorizationRuleId: `${RULE.replace("/authorizationRules/diag", "")}/eventhubs/h/authorizationRules/r`,
          },
        }),
      ).toEqual(["DIAG-EVENTHUB-RULE"]);
    });
  });

  describe("additional categories", () => {
    test("adds the listed categories after CustomerManagedKeyUserLogs", () => {
      const { stack, diag } = diagnostics({
        logAnalyticsWorkspaceId: WORKSPACE,
        additionalCategories: ["OperationalLogs", "RuntimeAuditLogs"],
      });
      expect(jsonOf(synth(stack), diag.namespaceSetting).enabled_log).toEqual([
        { category: "CustomerManagedKeyUserLogs" },
        { category: "OperationalLogs" },
        { category: "RuntimeAuditLogs" },
      ]);
    });

    test("rejects a category twice, an unknown category and CustomerManagedKeyUserLogs itself", () => {
      const categories = (list: string[]) =>
        problemsOf({ storageAccountId: STORAGE, additionalCategories: list as never });
      expect(categories(["OperationalLogs", "OperationalLogs"])).toEqual(["DIAG-CATEGORIES"]);
      expect(categories(["OperationLogs"])).toEqual(["DIAG-CATEGORIES"]);
      expect(categories(["CustomerManagedKeyUserLogs"])).toEqual(["DIAG-CATEGORIES"]);
      expect(categories(["ArchiveLogs", "KafkaUserErrorLogs"])).toEqual([]);
    });
  });

  describe("alerts", () => {
    const withAlerts = (alerts: ByokDiagnosticsProps["alerts"] = {}) =>
      diagnostics({ logAnalyticsWorkspaceId: WORKSPACE, alerts });

    test("creates no alert rule unless asked", () => {
      const { stack, diag } = diagnostics({ logAnalyticsWorkspaceId: WORKSPACE });
      expect(diag.alertRules).toEqual({});
      expect(resourcesOf(synth(stack), "azurerm_monitor_scheduled_query_rules_alert_v2")).toEqual({});
    });

    test("creates one rule per family that leaves data inaccessible, on the workspace, with severity 1 every 5 minutes", () => {
      const { stack, diag } = withAlerts();
      const json = synth(stack);
      expect(Object.keys(resourcesOf(json, "azurerm_monitor_scheduled_query_rules_alert_v2"))).toHaveLength(4);
      expect(Object.keys(diag.alertRules)).toEqual([
        "access-revoked",
        "key-or-vault-gone",
        "key-not-active",
        "vault-firewall",
      ]);
      for (const rule of Object.values(diag.alertRules)) {
        const alert = jsonOf(json, rule);
        expect(alert.scopes).toEqual([WORKSPACE]);
        expect(alert.severity).toBe(1);
        expect(alert.evaluation_frequency).toBe("PT5M");
        expect(alert.window_duration).toBe("PT10M");
        expect(alert.auto_mitigation_enabled).toBe(true);
        expect(alert.action).toEqual({ action_groups: [] });
        expect(alert.resource_group_name).toMatch(/^\$\{azurerm_eventhub_namespace\.[^.]+\.resource_group_name\}$/);
        expect(alert.location).toMatch(/^\$\{azurerm_eventhub_namespace\.[^.]+\.location\}$/);
      }
    });

    test("describes each rule with the state of the data, the causes and the fix from the error table", () => {
      const { stack, diag } = withAlerts();
      const json = synth(stack);
      const alert = jsonOf(json, diag.alertRules["key-or-vault-gone"]!);
      expect(alert.description).toBe(describeFamily("key-or-vault-gone"));
      expect(alert.description).toContain("INACCESSIBLE");
      expect(alert.display_name).toMatch(
        /^BYOK: Key or vault deleted or moved \(\$\{azurerm_eventhub_namespace\.[^.]+\.name\}\)$/,
      );
      expect(alert.name).toMatch(/^\$\{azurerm_eventhub_namespace\.[^.]+\.name\}-byok-key-or-vault-gone$/);
    });

    test("counts the namespace's error entries with the family's code, per vault and key", () => {
      const { stack, diag } = withAlerts();
      const json = synth(stack);
      const [criteria] = jsonOf(json, diag.alertRules["access-revoked"]!).criteria as Record<string, unknown>[];
      expect(criteria).toMatchObject({ time_aggregation_method: "Count", operator: "GreaterThan", threshold: 0 });
      expect(criteria.dimension).toEqual([
        { name: "KeyVault", operator: "Include", values: ["*"] },
        { name: "Key", operator: "Include", values: ["*"] },
      ]);
      const query = String(criteria.query);
      expect(query).toContain('| where StatusCode == "403"');
      expect(query).toContain('| where Level == "error"');
      expect(query).toMatch(/\| where NamespaceId =~ "\$\{azurerm_eventhub_namespace\.[^.]+\.id\}"/);
    });

    test("queries both the resource-specific table and AzureDiagnostics, with the same columns", () => {
      const query = keyErrorAlertQuery("key-or-vault-gone", "/subscriptions/0/x");
      expect(query).toContain("union isfuzzy=true");
      expect(query).toContain("AZMSCustomerManagedKeyUserLogs");
      expect(query).toContain("AzureDiagnostics");
      expect(query).toContain('where Category == "CustomerManagedKeyUserLogs"');
      expect(query).toContain('column_ifexists("code_s", "")');
      expect(query).toContain("StatusCode = tostring(StatusCode)");
      expect(query).toContain('| where StatusCode == "404"\n| project');
    });

    test("splits the 403 errors between families by message, and lets the permission family take the rest", () => {
      const firewall = keyErrorAlertQuery("vault-firewall", "id");
      expect(firewall).toContain('| where (Message contains "forbiddenbyfirewall" or Message contains "firewall"');
      const notActive = keyErrorAlertQuery("key-not-active", "id");
      expect(notActive).toContain('Message contains "expired"');
      expect(notActive).not.toContain("firewall");
      const revoked = keyErrorAlertQuery("access-revoked", "id");
      expect(revoked).toContain('| where not(Message contains "expired"');
      expect(revoked).toContain('Message contains "firewall"');
      expect(revoked).not.toContain('Message contains "does not have keys"');
    });

    test("takes severity, frequency, window, action groups, place, prefix and tags from the options", () => {
      const { stack, diag } = withAlerts({
        severity: 0,
        evaluationFrequency: "PT15M",
        windowDuration: "PT30M",
        actionGroupIds: [ACTION_GROUP],
        resourceGroupName: "rg-ops",
        location: "northeurope",
        namePrefix: "contoso",
        tags: { team: "platform" },
      });
      const alert = jsonOf(synth(stack), diag.alertRules["vault-firewall"]!);
      expect(alert).toMatchObject({
        name: "contoso-byok-vault-firewall",
        severity: 0,
        evaluation_frequency: "PT15M",
        window_duration: "PT30M",
        action: { action_groups: [ACTION_GROUP] },
        resource_group_name: "rg-ops",
        location: "northeurope",
        tags: { team: "platform" },
      });
    });

    test.each([
      ["PT15M", "PT30M"],
      ["PT1H", "PT2H"],
      ["P1D", "P2D"],
    ] as const)("looks back %s -> %s by default, two evaluation periods", (frequency, window) => {
      const { stack, diag } = diagnostics({
        logAnalyticsWorkspaceId: WORKSPACE,
        alerts: { evaluationFrequency: frequency },
      });
      const json = synth(stack);
      for (const rule of Object.values(diag.alertRules)) expect(jsonOf(json, rule!).window_duration).toBe(window);
    });

    test("rejects alerts without a workspace", () => {
      expect(problemsOf({ storageAccountId: STORAGE, alerts: {} })).toEqual(["DIAG-ALERTS-WORKSPACE"]);
    });

    test("rejects a severity of 5 and accepts 4", () => {
      const severity = (s: number) =>
        problemsOf({ logAnalyticsWorkspaceId: WORKSPACE, alerts: { severity: s as never } });
      expect(severity(5)).toEqual(["DIAG-ALERT-SEVERITY"]);
      expect(severity(4)).toEqual([]);
    });

    test("rejects a frequency or window the API does not take, and a window shorter than the frequency", () => {
      const alerts = (a: object) => problemsOf({ logAnalyticsWorkspaceId: WORKSPACE, alerts: a as never });
      expect(alerts({ evaluationFrequency: "PT2M" })).toEqual(["DIAG-ALERT-FREQUENCY"]);
      expect(alerts({ windowDuration: "PT7M" })).toEqual(["DIAG-ALERT-WINDOW"]);
      expect(alerts({ evaluationFrequency: "PT1H", windowDuration: "PT30M" })).toEqual(["DIAG-ALERT-WINDOW-FREQUENCY"]);
      expect(alerts({ evaluationFrequency: "PT1H", windowDuration: "P2D" })).toEqual([]);
    });

    test("rejects a name prefix with a slash or too long, and an action group id that is not an action group", () => {
      const alerts = (a: object) => problemsOf({ logAnalyticsWorkspaceId: WORKSPACE, alerts: a as never });
      expect(alerts({ namePrefix: "team/byok" })).toEqual(["DIAG-ALERT-NAME"]);
      expect(alerts({ namePrefix: "a".repeat(238) })).toEqual(["DIAG-ALERT-NAME"]);
      expect(alerts({ namePrefix: "a".repeat(237) })).toEqual([]);
      expect(alerts({ actionGroupIds: [WORKSPACE] })).toEqual(["DIAG-ALERT-ACTION-GROUP"]);
    });

    test("names the construct path, the value and the fix when refusing alerts", () => {
      expect(() => diagnostics({ storageAccountId: STORAGE, alerts: { severity: 7 as never } })).toThrow(
        /\[test\/diagnostics\] ByokDiagnostics\.alerts\.severity: received 7\. Allowed: 0, 1, 2, 3, 4 .*Fix: .*\(rule DIAG-ALERT-SEVERITY\)/,
      );
    });
  });
});

describe("ByokDiagnostics in a stack", () => {
  const workspaceId = WORKSPACE;
  const storageId = STORAGE;

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
