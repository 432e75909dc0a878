import { Fn, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { readFileSync } from "fs";
import { join } from "path";
import {
  ByokDiagnostics,
  ByokDiagnosticsProps,
  ByokValidationError,
  CmkNamespace,
  CmkNamespaceProps,
  isoDurationDays,
  KeyVaultWithProtectionProps,
  RULES,
} from "../src";
import { newStack, newVault } from "./support/synth";

const workspaceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log";

/** Builds a vault with one change; throws what the construct throws. */
const vault = (changes: Partial<KeyVaultWithProtectionProps>) => () => newVault(newStack(), changes);

/** Builds a namespace on a valid vault with one change. */
const namespace = (changes: Partial<CmkNamespaceProps>) => () => {
  const stack = newStack();
  return new CmkNamespace(stack, "namespace", {
    name: "evhns-test-byok",
    resourceGroupName: "rg",
    location: "westeurope",
    key: newVault(stack),
    ...changes,
  });
};

/** Builds diagnostics on a valid namespace with the given props. */
const diagnostics = (props: Omit<ByokDiagnosticsProps, "namespace">) => () => {
  const ns = namespace({})();
  return new ByokDiagnostics(ns, "diagnostics", { namespace: ns, ...props });
};

const key = (k: NonNullable<KeyVaultWithProtectionProps["key"]>) => vault({ key: k });
const rotation = (r: NonNullable<NonNullable<KeyVaultWithProtectionProps["key"]>["rotationPolicy"]>) =>
  key({ rotationPolicy: r });

/** [what is refused, build, the rule id and the text the message must hold] */
type Refusal = [string, () => unknown, string, string];
/** [the nearest value that passes, build] */
type Acceptance = [string, () => unknown];

const CLUSTER_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventHub/clusters/evhc-shared";

const refusals: Refusal[] = [
  [
    "a Premium event hub with 101 partitions",
    () => namespace({})().addEventHub("orders", { partitionCount: 101 }),
    "EH-PARTITIONS",
    "101 on the premium tier",
  ],
  [
    "an event hub with 1025 partitions in a cluster",
    () => namespace({ cluster: { id: CLUSTER_ID } })().addEventHub("orders", { partitionCount: 1025 }),
    "EH-PARTITIONS",
    "to 1024 in a dedicated cluster",
  ],
  [
    "an event hub named like another but for case",
    () => {
      const ns = namespace({})();
      ns.addEventHub("orders");
      return ns.addEventHub("ORDERS");
    },
    "EH-NAME-UNIQUE",
    "ignoring case",
  ],
  [
    "a cluster given both a name and an id",
    namespace({ cluster: { name: "evhc-test", id: CLUSTER_ID } as never }),
    "NS-CLUSTER-NAME-OR-ID",
    "not both",
  ],
  ["a cluster id that is an empty string", namespace({ cluster: { id: "" } }), "NS-CLUSTER-ID", 'received ""'],
  [
    "a namespace capacity inside a cluster",
    namespace({ cluster: { id: CLUSTER_ID }, capacity: 2 }),
    "NS-CAPACITY-IN-CLUSTER",
    "2 inside a dedicated cluster",
  ],
  [
    "a user-assigned identity id that is not one",
    namespace({
      identity: {
        type: "UserAssigned",
        userAssignedIdentity: { id: "uai", principalId: "22222222-2222-2222-2222-222222222222" },
      },
    }),
    "NS-USER-IDENTITY-ID",
    'received "uai"',
  ],
  [
    "the same key bound twice",
    () => {
      const ns = namespace({})();
      return ns.addKey(ns.keys[0]);
    },
    "NS-KEY-UNIQUE",
    "already bound",
  ],
  [
    "a key that has already expired",
    key({ expirationDate: "2020-01-01T00:00:00Z" }),
    "KEY-EXPIRATION-FUTURE",
    "a date in the future",
  ],
  [
    "a private range in the vault firewall",
    vault({ network: { ipRules: ["10.0.0.0/8"] } }),
    "KV-IP-RULE",
    'received ["10.0.0.0/8"]',
  ],
  [
    "a /32 prefix in the vault firewall",
    vault({ network: { ipRules: ["203.0.113.10/32"] } }),
    "KV-IP-RULE",
    "/31 or /32",
  ],
  [
    "something that is not an address in the vault firewall",
    vault({ network: { ipRules: ["203.0.113.10", "not-an-ip"] } }),
    "KV-IP-RULE",
    'received ["not-an-ip"]',
  ],
  ["an empty workspace id", diagnostics({ logAnalyticsWorkspaceId: "" }), "DIAG-EMPTY-ID", 'received ""'],
  ["a vault name of 2 characters", vault({ name: "kv" }), "KV-NAME", 'name: received "kv"'],
  ["a vault name of 25 characters", vault({ name: "k".repeat(25) }), "KV-NAME", "3-24 letters"],
  ["a vault name starting with a digit", vault({ name: "1kv-byok" }), "KV-NAME", "starting with a letter"],
  ["a vault name ending with a hyphen", vault({ name: "kv-byok-" }), "KV-NAME", "ending with a letter or digit"],
  ["a vault name with two hyphens in a row", vault({ name: "kv--byok" }), "KV-NAME", "no two hyphens in a row"],
  ["a vault name with an underscore", vault({ name: "kv_byok" }), "KV-NAME", "letters, digits and hyphens"],
  ["a vault sku that is not standard or premium", vault({ sku: "basic" as never }), "KV-SKU", 'received "basic"'],
  [
    "a permission model that does not exist",
    vault({ permissionModel: "acl" as never }),
    "KV-PERMISSION-MODEL",
    '"rbac", "accessPolicy"',
  ],
  [
    "a soft-delete retention of 6 days",
    vault({ softDeleteRetentionDays: 6 }),
    "KV-RETENTION",
    "from 7 to 90; it can be set only once",
  ],
  ["a soft-delete retention of 91 days", vault({ softDeleteRetentionDays: 91 }), "KV-RETENTION", "received 91"],
  [
    "a soft-delete retention of 30.5 days",
    vault({ softDeleteRetentionDays: 30.5 }),
    "KV-RETENTION",
    "a whole number of days",
  ],
  [
    "a firewall default action that does not exist",
    vault({ network: { defaultAction: "Block" as never } }),
    "KV-NETWORK-DEFAULT-ACTION",
    'received "Block"',
  ],
  [
    "a firewall bypass that does not exist",
    vault({ network: { bypass: "Logging" as never } }),
    "KV-NETWORK-BYPASS",
    'received "Logging"',
  ],
  [
    "a Deny firewall without the AzureServices bypass",
    vault({ network: { bypass: "None" } }),
    "KV-TRUSTED-SERVICES",
    'bypass "None" with defaultAction "Deny"',
  ],
  [
    "service endpoint rules on the vault",
    vault({ network: { virtualNetworkSubnetIds: ["/subscriptions/s/subnets/a"] } }),
    "KV-NO-SERVICE-ENDPOINTS",
    "not supported",
  ],
  ["an RBAC wait without units", vault({ rbacPropagationDelay: "60" }), "KV-RBAC-DELAY", 'received "60"'],
  ["a key name of 128 characters", key({ name: "k".repeat(128) }), "KEY-NAME", "1-127 letters"],
  ["a key name with a dot", key({ name: "cmk.eventhubs" }), "KEY-NAME", 'received "cmk.eventhubs"'],
  ["an EC key", key({ type: "EC" as never }), "KEY-TYPE", 'received "EC"'],
  [
    "an RSA-HSM key in a standard vault",
    vault({ sku: "standard", key: { type: "RSA-HSM" } }),
    "KEY-HSM-PREMIUM",
    '"RSA-HSM" in a "standard" vault',
  ],
  ["a 1024-bit key", key({ size: 1024 as never }), "KEY-SIZE", "2048, 3072, 4096"],
  [
    "an unknown key operation",
    key({ operations: ["wrapKey", "unwrapKey", "export" as never] }),
    "KEY-OPERATIONS",
    '"export"',
  ],
  ["a key without unwrapKey", key({ operations: ["wrapKey"] }), "KEY-WRAP-UNWRAP", 'received ["wrapKey"]'],
  [
    "an activation date that is not UTC",
    key({ notBeforeDate: "2027-01-01T00:00:00+01:00" }),
    "KEY-NOT-BEFORE",
    "RFC 3339 UTC literal",
  ],
  ["an expiry date without a time", key({ expirationDate: "2028-01-01" }), "KEY-EXPIRATION", 'received "2028-01-01"'],
  [
    "an expiry before the activation",
    key({ notBeforeDate: "2028-01-01T00:00:00Z", expirationDate: "2027-01-01T00:00:00Z" }),
    "KEY-DATES-ORDER",
    "after the activation date",
  ],
  [
    "an expiry computed from the clock",
    key({ expirationDate: Fn.timeadd(Fn.timestamp(), "8760h") }),
    "KEY-DATES-FIXED",
    "timestamp()",
  ],
  [
    "an activation date taken at plan time",
    key({ notBeforeDate: Fn.plantimestamp() }),
    "KEY-DATES-FIXED",
    "plantimestamp()",
  ],
  [
    "a rotation duration that is not ISO 8601",
    rotation({ timeAfterCreation: "90 days" }),
    "ROT-ISO-DURATION",
    'received "90 days"',
  ],
  [
    "an expiry of P27D",
    rotation({ expireAfter: "P27D", timeAfterCreation: "P10D" }),
    "ROT-EXPIRE-AFTER",
    "from P28D to P100Y",
  ],
  [
    "an expiry of P101Y",
    rotation({ expireAfter: "P101Y", timeAfterCreation: "P90D" }),
    "ROT-EXPIRE-AFTER",
    'received "P101Y"',
  ],
  [
    "a near-expiry notice of P6D",
    rotation({ expireAfter: "P1Y", notifyBeforeExpiry: "P6D", timeBeforeExpiry: "P30D" }),
    "ROT-NOTIFY",
    "at least P7D",
  ],
  [
    "a near-expiry notice without an expiry",
    rotation({ notifyBeforeExpiry: "P30D", timeAfterCreation: "P90D" }),
    "ROT-NOTIFY-NEEDS-EXPIRY",
    "only together with expireAfter",
  ],
  [
    "a rotation policy with nothing to do",
    rotation({}),
    "ROT-HAS-ACTION",
    "a policy with expireAfter, automatic rotation",
  ],
  [
    "both rotation triggers at once",
    rotation({ expireAfter: "P1Y", timeAfterCreation: "P90D", timeBeforeExpiry: "P30D" }),
    "ROT-ONE-TRIGGER",
    "not both",
  ],
  [
    "rotation before expiry without an expiry",
    rotation({ timeBeforeExpiry: "P30D" }),
    "ROT-BEFORE-EXPIRY-NEEDS-EXPIRY",
    "nothing to rotate before",
  ],
  [
    "rotation 6 days after creation",
    rotation({ timeAfterCreation: "P6D" }),
    "ROT-WINDOW",
    "no sooner than P7D after a version is created",
  ],
  [
    "rotation 6 days before expiry",
    rotation({ expireAfter: "P90D", timeAfterCreation: "P84D" }),
    "ROT-WINDOW",
    "no later than P7D before it expires",
  ],
  [
    "rotation triggered 6 days before expiry",
    rotation({ expireAfter: "P90D", timeBeforeExpiry: "P6D" }),
    "ROT-WINDOW",
    'timeBeforeExpiry":"P6D"',
  ],
  [
    "rotation triggered so early before expiry that it falls 6 days after creation",
    rotation({ expireAfter: "P90D", timeBeforeExpiry: "P84D" }),
    "ROT-WINDOW",
    "window",
  ],
  ["a namespace name of 5 characters", namespace({ name: "evhns" }), "NS-NAME", "6-50 letters"],
  ["a namespace name of 51 characters", namespace({ name: "e".repeat(51) }), "NS-NAME", 'received "eeeee'],
  ["a namespace name starting with a digit", namespace({ name: "1evhns-byok" }), "NS-NAME", "starting with a letter"],
  [
    "a namespace name ending with a hyphen",
    namespace({ name: "evhns-byok-" }),
    "NS-NAME",
    "ending with a letter or digit",
  ],
  [
    "a Standard namespace without a cluster",
    namespace({ sku: "Standard" }),
    "NS-TIER",
    '"Standard" without a dedicated cluster',
  ],
  [
    "a Basic namespace without a cluster",
    namespace({ sku: "Basic" }),
    "NS-TIER",
    '"Basic" without a dedicated cluster',
  ],
  [
    "a Premium namespace inside a cluster",
    namespace({ sku: "Premium", cluster: { name: "evhc-test" } }),
    "NS-TIER",
    '"Premium" inside a dedicated cluster',
  ],
  [
    "a Basic namespace inside a cluster",
    namespace({ sku: "Basic", cluster: { id: "/subscriptions/s/clusters/c" } }),
    "NS-TIER",
    '"Basic" inside',
  ],
  ["a namespace tier that does not exist", namespace({ sku: "Gold" as never }), "NS-SKU", 'received "Gold"'],
  [
    "a cluster capacity of 0",
    namespace({ cluster: { name: "evhc-test", capacity: 0 } }),
    "NS-CLUSTER-CAPACITY",
    "at least 1",
  ],
  ["a cluster name of 5 characters", namespace({ cluster: { name: "evhc1" } }), "NS-CLUSTER-NAME", "6-50 letters"],
  ["a premium capacity of 3", namespace({ capacity: 3 }), "NS-PREMIUM-CAPACITY", "1, 2, 4, 8, 16"],
  ["TLS 1.1", namespace({ minimumTlsVersion: "1.1" as never }), "NS-TLS", 'received "1.1"'],
  [
    "five user-assigned identities",
    namespace({
      identity: {
        type: "UserAssigned",
        userAssignedIdentity: {
          id: "/subscriptions/s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-0",
          principalId: "22222222-2222-2222-2222-222222222222",
        },
        additionalIdentityIds: ["/id/1", "/id/2", "/id/3", "/id/4"],
      },
    }),
    "NS-IDENTITY-COUNT",
    "5 user-assigned identities",
  ],
  ["an event hub name with a space", () => namespace({})().addEventHub("my hub"), "EH-NAME", 'received "my hub"'],
  [
    "an event hub with 0 partitions",
    () => namespace({})().addEventHub("orders", { partitionCount: 0 }),
    "EH-PARTITIONS",
    "from 1 to 100 on the premium tier",
  ],
  [
    "an event hub kept 91 days",
    () => namespace({})().addEventHub("orders", { messageRetentionDays: 91 }),
    "EH-RETENTION",
    "from 1 to 90",
  ],
  ["diagnostics without a destination", diagnostics({}), "DIAG-DESTINATION", "no destination"],
  [
    "a diagnostic setting name with a slash",
    diagnostics({ name: "byok/logs", logAnalyticsWorkspaceId: workspaceId }),
    "DIAG-NAME",
    'received "byok/logs"',
  ],
  [
    "a diagnostic setting name of 261 characters",
    diagnostics({ name: "d".repeat(261), logAnalyticsWorkspaceId: workspaceId }),
    "DIAG-NAME",
    "1-260 characters",
  ],
  [
    "a destination type without a workspace",
    diagnostics({ storageAccountId: "/st", logAnalyticsDestinationType: "Dedicated" }),
    "DIAG-DESTINATION-TYPE",
    '"Dedicated" without a workspace',
  ],
  [
    "a destination type that does not exist",
    diagnostics({ logAnalyticsWorkspaceId: workspaceId, logAnalyticsDestinationType: "Shared" as never }),
    "DIAG-DESTINATION-TYPE-VALUE",
    'received "Shared"',
  ],
  [
    "an event hub destination given by a hub-level rule",
    diagnostics({
      eventHub: {
        authorizationRuleId:
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/logs/authorizationRules/send",
      },
    }),
    "DIAG-EVENTHUB-RULE",
    "namespace-level authorization rule",
  ],
];

const acceptances: Acceptance[] = [
  [
    "an event hub with 100 partitions on the premium tier",
    () => namespace({})().addEventHub("orders", { partitionCount: 100 }),
  ],
  [
    "an event hub with 1024 partitions in a dedicated cluster",
    () => namespace({ cluster: { id: CLUSTER_ID } })().addEventHub("orders", { partitionCount: 1024 }),
  ],
  [
    "two event hubs with different names",
    () => {
      const ns = namespace({})();
      ns.addEventHub("orders");
      return ns.addEventHub("orders-eu");
    },
  ],
  ["a cluster given by id only", namespace({ cluster: { id: CLUSTER_ID } })],
  [
    "a public address and a /30 range in the vault firewall",
    vault({ network: { ipRules: ["203.0.113.10", "198.51.100.0/30"] } }),
  ],
  ["an RBAC wait of 1.5m", vault({ rbacPropagationDelay: "1.5m" })],
  ["a tenant id given as a GUID", vault({ tenantId: "00000000-0000-0000-0000-000000000001" })],
  ["a key that expires in 2100", key({ expirationDate: "2100-01-01T00:00:00Z" })],
  ["a vault name of 3 characters", vault({ name: "kv1" })],
  ["a vault name of 24 characters", vault({ name: `k${"v".repeat(22)}1` })],
  ["a standard vault with an RSA key", vault({ sku: "standard" })],
  ["the access-policy permission model", vault({ permissionModel: "accessPolicy" })],
  ["a soft-delete retention of 7 days", vault({ softDeleteRetentionDays: 7 })],
  ["a soft-delete retention of 90 days", vault({ softDeleteRetentionDays: 90 })],
  ["an Allow firewall without the bypass", vault({ network: { defaultAction: "Allow", bypass: "None" } })],
  ["an RBAC wait of 1m30s", vault({ rbacPropagationDelay: "1m30s" })],
  ["a key name of 127 characters", key({ name: "k".repeat(127) })],
  ["a 2048-bit RSA key", key({ size: 2048, type: "RSA" })],
  ["a key that can also encrypt", key({ operations: ["wrapKey", "unwrapKey", "encrypt", "decrypt"] })],
  [
    "UTC activation and expiry dates in order",
    key({ notBeforeDate: "2027-01-01T00:00:00Z", expirationDate: "2029-01-01T00:00:00Z" }),
  ],
  [
    "an expiry taken from a Terraform variable",
    () => {
      const stack = newStack();
      return newVault(stack, {
        key: { expirationDate: new TerraformVariable(stack, "expiry", { type: "string" }).stringValue },
      });
    },
  ],

  ["an expiry of P28D rotated after P21D", rotation({ expireAfter: "P28D", timeAfterCreation: "P21D" })],
  ["an expiry of P100Y rotated yearly", rotation({ expireAfter: "P100Y", timeAfterCreation: "P1Y" })],
  [
    "a near-expiry notice of P7D",
    rotation({ expireAfter: "P1Y", notifyBeforeExpiry: "P7D", timeBeforeExpiry: "P30D" }),
  ],
  ["rotation 7 days after creation", rotation({ timeAfterCreation: "P7D" })],
  ["rotation 7 days before a P90D expiry", rotation({ expireAfter: "P90D", timeBeforeExpiry: "P7D" })],
  ["rotation 83 days before a P90D expiry", rotation({ expireAfter: "P90D", timeBeforeExpiry: "P83D" })],
  ["a policy that only expires versions", rotation({ expireAfter: "P1Y" })],
  ["a namespace name of 6 characters", namespace({ name: "evhns1" })],
  ["a namespace name of 50 characters", namespace({ name: `e${"v".repeat(48)}1` })],
  ["a Standard namespace inside a cluster", namespace({ sku: "Standard", cluster: { name: "evhc-test" } })],
  ["a cluster capacity of 1", namespace({ cluster: { name: "evhc-test", capacity: 1 } })],
  ["a cluster name of 6 characters", namespace({ cluster: { name: "evhc12" } })],
  ["a premium capacity of 16", namespace({ capacity: 16 })],
  ["TLS 1.2", namespace({ minimumTlsVersion: "1.2" })],
  [
    "four user-assigned identities",
    namespace({
      identity: {
        type: "UserAssigned",
        userAssignedIdentity: {
          id: "/subscriptions/s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-0",
          principalId: "22222222-2222-2222-2222-222222222222",
        },
        additionalIdentityIds: ["/id/1", "/id/2", "/id/3"],
      },
    }),
  ],
  ["an event hub name with dots, dashes and underscores", () => namespace({})().addEventHub("orders.v1_eu-west")],
  [
    "an event hub with 1 partition kept 90 days",
    () => namespace({})().addEventHub("orders", { partitionCount: 1, messageRetentionDays: 90 }),
  ],
  ["diagnostics to a storage account only", diagnostics({ storageAccountId: "/st" })],
  [
    "a diagnostic setting name of 260 characters",
    diagnostics({ name: "d".repeat(260), logAnalyticsWorkspaceId: workspaceId }),
  ],
  [
    "the AzureDiagnostics destination type with a workspace",
    diagnostics({ logAnalyticsWorkspaceId: workspaceId, logAnalyticsDestinationType: "AzureDiagnostics" }),
  ],
  [
    "an event hub destination given by a namespace-level rule",
    diagnostics({
      eventHub: {
        authorizationRuleId:
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/authorizationRules/diag",
      },
    }),
  ],
];

function thrownBy(build: () => unknown): ByokValidationError {
  try {
    build();
  } catch (e) {
    if (e instanceof ByokValidationError) return e;
    throw e;
  }
  throw new Error("expected a ByokValidationError, nothing was thrown");
}

describe("the rules table", () => {
  test.each(refusals)("refuses %s", (_what, build, ruleId, text) => {
    const error = thrownBy(build);
    expect(error.violations.map((v) => v.ruleId)).toContain(ruleId);
    const message = error.violations.find((v) => v.ruleId === ruleId)!.message;
    expect(message).toContain(text);
    expect(message).toMatch(
      /^\[test\/[^\]]+\] (KeyVaultWithProtection|CmkNamespace|ByokDiagnostics)\.[\w.| ]+: received .+\. Allowed: .+\. Fix: .+\. \(rule [A-Z-]+\)$/,
    );
  });

  test.each(acceptances)("accepts %s", (_what, build) => {
    const built = build() as IConstruct;
    expect(() => Testing.synth(TerraformStack.of(built), true)).not.toThrow();
  });

  test("names the construct path, the field, the value, what is allowed and the fix in one message", () => {
    expect(() => vault({ softDeleteRetentionDays: 120 })()).toThrow(
      "[test/vault] KeyVaultWithProtection.softDeleteRetentionDays: received 120. " +
        "Allowed: a whole number of days from 7 to 90; it can be set only once, when the vault is created. " +
        "Fix: pick the retention you can live with for the vault's whole life (90 keeps deleted keys recoverable longest). (rule KV-RETENTION)",
    );
  });

  test("reports every mistake of a construct together, not only the first", () => {
    const error = thrownBy(
      vault({ name: "k", softDeleteRetentionDays: 3, sku: "standard", key: { type: "RSA-HSM", size: 1024 as never } }),
    );
    expect(error.violations.map((v) => v.ruleId)).toEqual(["KV-NAME", "KV-RETENTION", "KEY-HSM-PREMIUM", "KEY-SIZE"]);
    expect(error.message).toMatch(/^4 problems in the BYOK configuration:\n {2}- \[test\/vault\]/);
  });

  test("lets Terraform tokens through every rule that needs their value", () => {
    const stack = newStack();
    const unknown = new TerraformVariable(stack, "unknown", { type: "string" }).stringValue;
    const unknownNumber = new TerraformVariable(stack, "days", { type: "number" }).numberValue;
    const v = newVault(stack, {
      name: unknown,
      softDeleteRetentionDays: unknownNumber,
      network: {
        ipRules: [unknown],
        virtualNetworkSubnetIds: new TerraformVariable(stack, "subnets", { type: "list(string)" }).listValue,
      },
      key: {
        name: unknown,
        notBeforeDate: unknown,
        expirationDate: unknown,
        rotationPolicy: { expireAfter: unknown, timeBeforeExpiry: "P30D" },
      },
    });
    const ns = new CmkNamespace(stack, "namespace", {
      name: unknown,
      resourceGroupName: "rg",
      location: "westeurope",
      key: v,
      capacity: unknownNumber,
    });
    ns.addEventHub("orders", { partitionCount: unknownNumber, messageRetentionDays: unknownNumber });
    new ByokDiagnostics(stack, "diagnostics", {
      namespace: ns,
      name: unknown,
      eventHub: { authorizationRuleId: unknown },
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("treats a raw ${...} interpolation as unknown too", () => {
    expect(vault({ name: "${var.vault_name}", key: { expirationDate: "${var.expiry}" } })).not.toThrow();
  });

  test("counts a year as 365 days and a month as 30 when comparing durations", () => {
    expect(isoDurationDays("P1Y")).toBe(365);
    expect(isoDurationDays("P6M")).toBe(180);
    expect(isoDurationDays("PT36H")).toBe(1.5);
    expect(isoDurationDays("one year")).toBeUndefined();
  });

  test("refuses at synth two vaults with one name in a stack, and accepts two names", () => {
    const stack = newStack();
    newVault(stack, {}, "a");
    newVault(stack, {}, "b");
    expect(() => Testing.synth(stack, true)).toThrow(
      'KeyVaultWithProtection.name: received "kv-test-byok", used by 2 vaults in this stack',
    );
    const cased = newStack();
    newVault(cased, {}, "a");
    newVault(cased, { name: "KV-TEST-BYOK" }, "b");
    expect(() => Testing.synth(cased, true)).toThrow("used by 2 vaults in this stack");
    const fine = newStack();
    newVault(fine, {}, "a");
    newVault(fine, { name: "kv-test-byok-b" }, "b");
    expect(() => Testing.synth(fine, true)).not.toThrow();
  });

  test("refuses at synth two namespaces with one name in a stack, and accepts two names", () => {
    const build = (second: string) => {
      const stack = newStack();
      const key = newVault(stack);
      for (const [id, name] of [
        ["a", "evhns-test-byok"],
        ["b", second],
      ]) {
        new CmkNamespace(stack, id, { name, resourceGroupName: "rg", location: "westeurope", key });
      }
      return stack;
    };
    expect(() => Testing.synth(build("evhns-test-byok"), true)).toThrow("used by 2 namespaces in this stack");
    expect(() => Testing.synth(build("evhns-test-byok-2"), true)).not.toThrow();
  });

  test("every rule of the table is listed in the README's section on what is refused", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## What is refused"), readme.indexOf("## Safety"));
    const geoDr = readme.slice(readme.indexOf("### Geo-disaster recovery"), readme.indexOf("### Config files"));
    const unlisted = Object.values(RULES)
      .map((rule) => rule.id)
      .filter((id) => !section.includes(`\`${id}\``) && !(id.startsWith("NS-GEO-DR-") && geoDr.includes(`\`${id}\``)));
    expect(unlisted).toEqual([]);
  });
});
