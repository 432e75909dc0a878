import { Testing } from "cdktf";
import { loadLandingZoneConfig, parseLandingZoneConfig } from "../../app/config";
import { LandingZoneStack } from "../../app/landing-zone-stack";
import { CMK_LOG_CATEGORY, CRYPTO_SERVICE_ENCRYPTION_USER_ROLE } from "../../src";
import { addressOf, jsonOf, resolve, resourcesOf, SynthesizedStack } from "../support/synth";

function build(config = loadLandingZoneConfig("examples/landing-zone-20.yaml")): {
  stack: LandingZoneStack;
  json: SynthesizedStack & { terraform?: { backend?: Record<string, unknown> } };
} {
  const stack = new LandingZoneStack(Testing.app(), config);
  return { stack, json: JSON.parse(Testing.synth(stack, true)) };
}

describe("LandingZoneStack", () => {
  describe("the 20-namespace, two-region example", () => {
    const { stack, json } = build();

    test("creates 20 namespaces in two regions", () => {
      const namespaces = Object.values(resourcesOf(json, "azurerm_eventhub_namespace"));
      expect(namespaces).toHaveLength(20);
      expect(namespaces.filter((n) => n.location === "westeurope")).toHaveLength(10);
      expect(namespaces.filter((n) => n.location === "northeurope")).toHaveLength(10);
    });

    test("binds every namespace to the versionless id of its region's key", () => {
      for (const [name, ns] of stack.namespaces) {
        const binding = jsonOf(json, ns.customerManagedKey);
        expect(binding.eventhub_namespace_id).toBe(`\${${addressOf(ns.namespace)}.id}`);
        const region = name.endsWith("-weu") ? "weu" : "neu";
        const vault = stack.vaults.get(`kv-contoso-${region}`);
        expect((binding.key_vault_key_ids as string[])[0]).toBe(`\${${addressOf(vault!.key)}.versionless_id}`);
        expect(binding.infrastructure_encryption_enabled).toBe(true);
      }
    });

    test("grants every namespace identity wrap/unwrap on each of its keys, and each binding waits for the grants", () => {
      const assignments = resourcesOf(json, "azurerm_role_assignment");
      const sleeps = resourcesOf(json, "time_sleep");
      for (const ns of stack.namespaces.values()) {
        const binding = jsonOf(json, ns.customerManagedKey);
        const waits = binding.depends_on as string[];
        expect(waits).toHaveLength(ns.keys.length);
        for (const wait of waits) {
          const [, sleepId] = wait.split(".");
          const [assignmentAddress] = sleeps[sleepId].depends_on as string[];
          const assignment = assignments[assignmentAddress.split(".")[1]];
          expect(assignment.role_definition_name).toBe(CRYPTO_SERVICE_ENCRYPTION_USER_ROLE);
          expect(assignment.principal_id).toBe(resolve(stack, ns.principalId));
        }
      }
    });

    test("sends every namespace's customer-managed-key logs to the one workspace", () => {
      const settings = Object.values(resourcesOf(json, "azurerm_monitor_diagnostic_setting"));
      const workspaces = Object.keys(resourcesOf(json, "azurerm_log_analytics_workspace"));
      expect(workspaces).toHaveLength(1);
      for (const ns of stack.namespaces.values()) {
        const setting = settings.find((s) => s.target_resource_id === `\${${addressOf(ns.namespace)}.id}`);
        expect(setting?.enabled_log).toEqual([{ category: CMK_LOG_CATEGORY }]);
        expect(setting?.log_analytics_workspace_id).toBe(`\${azurerm_log_analytics_workspace.${workspaces[0]}.id}`);
      }
    });

    test("streams each vault's audit logs once", () => {
      const vaultSettings = Object.values(resourcesOf(json, "azurerm_monitor_diagnostic_setting")).filter(
        (s) => (s.enabled_log as { category: string }[])[0].category === "AuditEvent",
      );
      expect(vaultSettings.map((s) => s.target_resource_id).sort()).toEqual(
        [...stack.vaults.values()].map((v) => `\${${addressOf(v.vault)}.id}`).sort(),
      );
    });

    test("creates every event hub after its namespace's key binding", () => {
      let hubs = 0;
      for (const ns of stack.namespaces.values()) {
        const ownHubs = Object.values(resourcesOf(json, "azurerm_eventhub")).filter(
          (h) => h.namespace_id === `\${${addressOf(ns.namespace)}.id}`,
        );
        ownHubs.forEach((h) => expect(h.depends_on).toEqual([addressOf(ns.customerManagedKey)]));
        hubs += ownHubs.length;
      }
      expect(hubs).toBe(Object.keys(resourcesOf(json, "azurerm_eventhub")).length);
      expect(hubs).toBe(23);
    });

    test("pairs the payments namespaces across regions after both bindings", () => {
      const primary = stack.namespaces.get("evhns-contoso-payments-weu")!;
      const secondary = stack.namespaces.get("evhns-contoso-payments-neu")!;
      const [pairing] = Object.values(resourcesOf(json, "azurerm_eventhub_namespace_disaster_recovery_config"));
      expect(pairing).toMatchObject({
        name: "evhns-contoso-payments",
        namespace_name: `\${${addressOf(primary.namespace)}.name}`,
        partner_namespace_id: `\${${addressOf(secondary.namespace)}.id}`,
      });
      expect(pairing.depends_on).toEqual(
        expect.arrayContaining([addressOf(primary.customerManagedKey), addressOf(secondary.customerManagedKey)]),
      );
    });

    test("binds the Geo-DR primary to its region's key and the central key held elsewhere", () => {
      const primary = stack.namespaces.get("evhns-contoso-payments-weu")!;
      expect(jsonOf(json, primary.customerManagedKey).key_vault_key_ids).toEqual([
        expect.stringMatching(/versionless_id\}$/),
        "https://kv-contoso-central.vault.azure.net/keys/cmk-eventhubs",
      ]);
    });

    test("creates the user-assigned identities it names and binds through them", () => {
      const ns = stack.namespaces.get("evhns-contoso-identity-weu")!;
      const identities = resourcesOf(json, "azurerm_user_assigned_identity");
      expect(Object.values(identities).map((i) => i.name)).toEqual(
        expect.arrayContaining(["id-contoso-identity-weu", "id-contoso-identity-neu"]),
      );
      expect(jsonOf(json, ns.customerManagedKey).user_assigned_identity_id).toMatch(
        /^\$\{azurerm_user_assigned_identity\.[^.]+\.id\}$/,
      );
    });

    test("keeps state in the azurerm backend the config names", () => {
      expect(json.terraform?.backend).toEqual({
        azurerm: {
          resource_group_name: "rg-contoso-tfstate",
          storage_account_name: "stcontosotfstate",
          container_name: "tfstate",
          key: "byok-landing-zone.tfstate",
          use_azuread_auth: true,
        },
      });
    });

    test("raises the four key-error alerts of every namespace, to the config's action group", () => {
      const alerts = Object.values(resourcesOf(json, "azurerm_monitor_scheduled_query_rules_alert_v2"));
      expect(alerts).toHaveLength(4 * stack.namespaces.size);
      expect(new Set(alerts.map((a) => JSON.stringify(a.action)))).toEqual(
        new Set([
          JSON.stringify({
            action_groups: [
              "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-contoso-ops/providers/Microsoft.Insights/actionGroups/ag-platform-oncall",
            ],
          }),
        ]),
      );
    });

    test("tags every namespace with the default tags and its own", () => {
      const ns = stack.namespaces.get("evhns-contoso-orders-neu")!;
      expect(jsonOf(json, ns.namespace).tags).toEqual({
        owner: "platform-team",
        "cost-center": "4711",
        team: "orders",
      });
    });
  });

  test("writes no backend block, so state stays local, when the config names no backend", () => {
    const { json } = build(loadLandingZoneConfig("examples/landing-zone-small.yaml"));
    expect(json.terraform?.backend).toBeUndefined();
  });

  test("says which config entry a construct refused, with the construct's own message", () => {
    const config = parseLandingZoneConfig({
      vaults: [{ name: "kv-a", resourceGroupName: "rg", location: "westeurope", softDeleteRetentionDays: 120 }],
      namespaces: [{ name: "evhns-a", resourceGroupName: "rg", location: "westeurope", key: "kv-a" }],
    });
    expect(() => build(config)).toThrow(
      /^vaults\[0\]: 1 problem in the BYOK configuration:\n {2}- \[byok-landing-zone\/vault-kv-a\] KeyVaultWithProtection\.softDeleteRetentionDays: received 120/,
    );
  });

  test("says which namespace entry asked for a Geo-DR pair in one region", () => {
    const ns = { resourceGroupName: "rg", location: "westeurope", key: "kv-a" };
    const config = parseLandingZoneConfig({
      vaults: [{ name: "kv-a", resourceGroupName: "rg", location: "westeurope" }],
      namespaces: [
        { ...ns, name: "evhns-a", geoDr: { secondary: "evhns-b", alias: "evhns-alias" } },
        { ...ns, name: "evhns-b" },
      ],
    });
    expect(() => build(config)).toThrow(/^namespaces\[0\]\.geoDr: [\s\S]*NS-GEO-DR-LOCATION/);
  });

  test("streams the audit logs of a vault that a namespace uses only as an additional key", () => {
    const vault = (name: string) => ({ name, resourceGroupName: "rg", location: "westeurope" });
    const ns = { resourceGroupName: "rg", location: "westeurope" };
    const { stack, json } = build(
      parseLandingZoneConfig({
        vaults: [vault("kv-main"), vault("kv-extra")],
        namespaces: [
          { ...ns, name: "evhns-a", key: "kv-main" },
          { ...ns, name: "evhns-b", key: "kv-main", additionalKeys: ["kv-extra"] },
        ],
        diagnostics: {
          logAnalyticsWorkspaceId:
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log",
        },
      }),
    );
    const audited = Object.values(resourcesOf(json, "azurerm_monitor_diagnostic_setting"))
      .filter((s) => (s.enabled_log as { category: string }[])[0].category === "AuditEvent")
      .map((s) => s.target_resource_id)
      .sort();
    expect(audited).toEqual([...stack.vaults.values()].map((v) => `\${${addressOf(v.vault)}.id}`).sort());
  });
});
