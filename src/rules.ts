import { DateTime, Duration } from "luxon";
import { ALERTED_FAMILIES, AlertedKeyFailureFamily } from "./error-table";

/** The constructs whose input the rules check. */
export type RuleConstruct = "KeyVaultWithProtection" | "CmkNamespace" | "ByokDiagnostics";

/**
 * One thing Azure or the azurerm provider refuses, or that breaks BYOK, written once.
 *
 * The bounds a rule checks live in {@link LIMITS}; the check and the `allowed` text both read
 * them, so a bound can never say one thing and test another.
 */
export interface Rule<V> {
  /** Stable identifier quoted in every message, e.g. `KV-RETENTION`. */
  readonly id: string;
  /** The construct whose props the rule reads. */
  readonly construct: RuleConstruct;
  /** The prop (dotted path) the rule reads. */
  readonly field: string;
  /** Returns true when the value is acceptable. Never called with a Terraform token. */
  readonly check: (value: V) => boolean;
  /** What is allowed, in words. */
  readonly allowed: string;
  /** How to fix a refused value. */
  readonly fix: string;
  /**
   * How to show the received value.
   * @default - the value as JSON
   */
  readonly describe?: (value: V) => string;
}

/** How often a scheduled query alert may run, as the API takes it. A window may also be P2D. */
const ALERT_FREQUENCIES = [
  "PT1M",
  "PT5M",
  "PT10M",
  "PT15M",
  "PT30M",
  "PT45M",
  "PT1H",
  "PT2H",
  "PT3H",
  "PT4H",
  "PT5H",
  "PT6H",
  "P1D",
] as const;

/** Every bound the rules use, in one place. */
export const LIMITS = {
  vaultName: { min: 3, max: 24 },
  keyName: { min: 1, max: 127 },
  namespaceName: { min: 6, max: 50 },
  clusterName: { min: 6, max: 50 },
  aliasName: { min: 6, max: 50 },
  eventHubName: { min: 1, max: 256 },
  diagnosticSettingName: { min: 1, max: 260 },
  diagnosticSettingsPerResource: 5,
  softDeleteRetentionDays: { min: 7, max: 90 },
  keySizes: [2048, 3072, 4096] as const,
  keyTypes: ["RSA", "RSA-HSM"] as const,
  keyOperations: ["decrypt", "encrypt", "sign", "unwrapKey", "verify", "wrapKey"] as const,
  requiredKeyOperations: ["wrapKey", "unwrapKey"] as const,
  vaultSkus: ["standard", "premium"] as const,
  permissionModels: ["rbac", "accessPolicy"] as const,
  networkDefaultActions: ["Allow", "Deny"] as const,
  networkBypasses: ["AzureServices", "None"] as const,
  premiumCapacities: [1, 2, 4, 8, 16] as const,
  clusterCapacity: { min: 1 },
  recommendedRbacDelaySeconds: 30,
  vaultIpRulePrefix: { max: 30 },
  namespaceSkus: ["Basic", "Standard", "Premium"] as const,
  keysPerNamespace: 3,
  userIdentitiesPerNamespace: 4,
  minimumTlsVersion: "1.2",
  rotationExpireAfter: { min: "P28D", max: "P100Y" },
  rotationNotifyBeforeExpiry: { min: "P7D" },
  rotationMargin: "P7D",
  eventHubPartitions: { min: 1, premiumMax: 100, dedicatedMax: 1024 },
  eventHubRetentionDays: { min: 1, max: 90 },
  logAnalyticsDestinationTypes: ["Dedicated", "AzureDiagnostics"] as const,
  diagnosticSettingForbidden: ["<", ">", "*", "%", "&", ":", "\\", "?", "+", "/"] as const,
  eventHubsLogCategories: [
    "ApplicationMetricsLogs",
    "ArchiveLogs",
    "AutoScaleLogs",
    "DataDRLogs",
    "DiagnosticErrorLogs",
    "EventHubVNetConnectionEvent",
    "KafkaCoordinatorLogs",
    "KafkaUserErrorLogs",
    "OperationalLogs",
    "RuntimeAuditLogs",
  ] as const,
  alertSeverities: [0, 1, 2, 3, 4] as const,
  alertEvaluationFrequencies: ALERT_FREQUENCIES,
  alertWindowDurations: [...ALERT_FREQUENCIES, "P2D"] as const,
  alertRuleName: { min: 1, max: 260 },
  alertRuleNameForbidden: ["<", ">", "*", "%", "{", "}", "&", ":", "\\", "?", "/", "#", "|"] as const,
  vaultDnsSuffixes: ["vault.azure.net", "vault.azure.cn", "vault.usgovcloudapi.net"] as const,
} as const;

/** Parses an ISO 8601 duration to days (a year counts 365 days, a month 30); undefined when it does not parse. */
export function isoDurationDays(value: string): number | undefined {
  const duration = Duration.fromISO(value);
  return duration.isValid ? duration.as("days") : undefined;
}

/** True for an RFC 3339 UTC timestamp literal such as `2027-01-01T00:00:00Z`. */
export function isRfc3339Utc(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) && DateTime.fromISO(value).isValid;
}

const GO_DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * Parses a Go duration as `time_sleep` takes it (`30s`, `1m30s`, `1.5m`, `500ms`) to seconds;
 * undefined when it does not parse.
 */
export function goDurationSeconds(value: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) return undefined;
  return [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce(
    (total, [, amount, unit]) => total + Number(amount) * GO_DURATION_UNITS[unit],
    0,
  );
}

/** True for a public IPv4 address or CIDR range of prefix /30 or wider, as Key Vault IP rules take them. */
export function isVaultIpRule(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value);
  if (!match) return false;
  const [a, b, c, d] = match.slice(1, 5).map(Number);
  if ([a, b, c, d].some((octet) => octet > 255)) return false;
  if (match[5] !== undefined && Number(match[5]) > LIMITS.vaultIpRulePrefix.max) return false;
  const privateRange = a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  return !privateRange;
}

const oneOf = (values: readonly (string | number)[]): string => values.map((v) => JSON.stringify(v)).join(", ");

const between = (value: string, bounds: { min: number; max: number }): boolean =>
  value.length >= bounds.min && value.length <= bounds.max;

/** A GUID, as Entra ID writes object and tenant ids. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Letters, digits and hyphens, starting with a letter and ending with a letter or digit. */
const letterStartHyphenName = /^[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** The resource id of a Key Vault; the vault name is the last segment. */
const keyVaultIdPattern =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i;

/** Azure accepts "West Europe" and "westeurope" for the same region. */
const normalizeLocation = (location: string): string => location.replace(/\s+/g, "").toLowerCase();

const days = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : isoDurationDays(iso));

/** A CmkNamespace name rule: letters, digits and hyphens within bounds, starting with a letter and ending with a letter or digit. */
function eventHubsName(id: string, field: string, bounds: { min: number; max: number }, fix: string): Rule<string> {
  return {
    id,
    construct: "CmkNamespace",
    field,
    check: (v: string) => between(v, bounds) && letterStartHyphenName.test(v),
    allowed: `${bounds.min}-${bounds.max} letters, digits and hyphens, starting with a letter and ending with a letter or digit`,
    fix,
  };
}

/** A rule that a globally unique Azure name is used once in the stack. */
function uniqueInStack(id: string, construct: RuleConstruct, what: string): Rule<{ name: string; count: number }> {
  return {
    id,
    construct,
    field: "name",
    check: (v) => v.count <= 1,
    allowed: `a ${what} name no other ${what} in the stack has: names are globally unique`,
    fix: `give each ${what} its own name`,
    describe: (v) => `${JSON.stringify(v.name)}, used by ${v.count} ${what}s in this stack`,
  };
}

/** The rotation policy as the rules see it: ISO 8601 durations, each one optional. */
export interface RotationPolicyInput {
  /**
   * How long each key version lives.
   * @default - versions do not expire
   */
  readonly expireAfter?: string;
  /**
   * When the near-expiry event is raised, before expiry.
   * @default - no near-expiry event
   */
  readonly notifyBeforeExpiry?: string;
  /**
   * Rotate this long after a version is created.
   * @default - no rotation by age
   */
  readonly timeAfterCreation?: string;
  /**
   * Rotate this long before a version expires.
   * @default - no rotation before expiry
   */
  readonly timeBeforeExpiry?: string;
}

/** The end of an alert rule's name, after the prefix: `-byok-<family>`. */
export function alertRuleSuffix(family: AlertedKeyFailureFamily): string {
  return `-byok-${family}`;
}

const longestAlertSuffix = Math.max(...ALERTED_FAMILIES.map((f) => alertRuleSuffix(f).length));

const margin = isoDurationDays(LIMITS.rotationMargin) as number;

/** The table of rules. Constructs check their props against these entries and nothing else. */
export const RULES = {
  vaultName: {
    id: "KV-NAME",
    construct: "KeyVaultWithProtection",
    field: "name",
    check: (v: string) => between(v, LIMITS.vaultName) && letterStartHyphenName.test(v) && !v.includes("--"),
    allowed: `${LIMITS.vaultName.min}-${LIMITS.vaultName.max} letters, digits and hyphens, starting with a letter, ending with a letter or digit, with no two hyphens in a row`,
    fix: "choose another vault name; it must be globally unique, and a soft-deleted vault keeps its name until purged",
  } satisfies Rule<string>,
  vaultNameUnique: uniqueInStack("KV-NAME-UNIQUE", "KeyVaultWithProtection", "vault"),
  tenantId: {
    id: "KV-TENANT-ID",
    construct: "KeyVaultWithProtection",
    field: "tenantId",
    check: (v: string) => GUID.test(v),
    allowed: "an Entra ID tenant id, a GUID",
    fix: "pass the tenant's GUID, or leave tenantId out to use the tenant of the identity running Terraform",
  } satisfies Rule<string>,
  vaultSku: {
    id: "KV-SKU",
    construct: "KeyVaultWithProtection",
    field: "sku",
    check: (v: string) => (LIMITS.vaultSkus as readonly string[]).includes(v),
    allowed: oneOf(LIMITS.vaultSkus),
    fix: 'use "premium" for HSM-backed keys, or "standard"',
  } satisfies Rule<string>,
  permissionModel: {
    id: "KV-PERMISSION-MODEL",
    construct: "KeyVaultWithProtection",
    field: "permissionModel",
    check: (v: string) => (LIMITS.permissionModels as readonly string[]).includes(v),
    allowed: oneOf(LIMITS.permissionModels),
    fix: 'use "rbac" (recommended) or "accessPolicy"',
  } satisfies Rule<string>,
  softDeleteRetention: {
    id: "KV-RETENTION",
    construct: "KeyVaultWithProtection",
    field: "softDeleteRetentionDays",
    check: (v: number) =>
      Number.isInteger(v) && v >= LIMITS.softDeleteRetentionDays.min && v <= LIMITS.softDeleteRetentionDays.max,
    allowed: `a whole number of days from ${LIMITS.softDeleteRetentionDays.min} to ${LIMITS.softDeleteRetentionDays.max}; it can be set only once, when the vault is created`,
    fix: `pick the retention you can live with for the vault's whole life (${LIMITS.softDeleteRetentionDays.max} keeps deleted keys recoverable longest)`,
  } satisfies Rule<number>,
  purgeProtection: {
    id: "KV-PURGE-PROTECTION",
    construct: "KeyVaultWithProtection",
    field: "vault.purgeProtectionEnabled",
    check: (v: boolean | undefined) => v === true,
    allowed: "true: Event Hubs refuses a key from a vault without purge protection",
    fix: "remove the override of purgeProtectionEnabled on the vault escape hatch",
  } satisfies Rule<boolean | undefined>,
  networkDefaultAction: {
    id: "KV-NETWORK-DEFAULT-ACTION",
    construct: "KeyVaultWithProtection",
    field: "network.defaultAction",
    check: (v: string) => (LIMITS.networkDefaultActions as readonly string[]).includes(v),
    allowed: oneOf(LIMITS.networkDefaultActions),
    fix: 'use "Deny" (recommended) and let Event Hubs in through the trusted-services bypass',
  } satisfies Rule<string>,
  networkBypass: {
    id: "KV-NETWORK-BYPASS",
    construct: "KeyVaultWithProtection",
    field: "network.bypass",
    check: (v: string) => (LIMITS.networkBypasses as readonly string[]).includes(v),
    allowed: oneOf(LIMITS.networkBypasses),
    fix: 'use "AzureServices"',
  } satisfies Rule<string>,
  trustedServicePath: {
    id: "KV-TRUSTED-SERVICES",
    construct: "KeyVaultWithProtection",
    field: "network.bypass",
    check: (v: { defaultAction: string; bypass: string }) => v.defaultAction !== "Deny" || v.bypass === "AzureServices",
    allowed:
      '"AzureServices" whenever defaultAction is "Deny": Event Hubs reaches the vault only as a trusted Microsoft service',
    fix: 'set network.bypass to "AzureServices"',
    describe: (v) => `bypass ${JSON.stringify(v.bypass)} with defaultAction ${JSON.stringify(v.defaultAction)}`,
  } satisfies Rule<{ defaultAction: string; bypass: string }>,
  serviceEndpoints: {
    id: "KV-NO-SERVICE-ENDPOINTS",
    construct: "KeyVaultWithProtection",
    field: "network.virtualNetworkSubnetIds",
    check: (v: readonly string[]) => v.length === 0,
    allowed: "an empty list: BYOK is not supported when the vault is reached through virtual network service endpoints",
    fix: "remove the subnet rules and rely on the AzureServices bypass (plus ipRules for the deploying agent)",
  } satisfies Rule<readonly string[]>,
  inlineAccessPolicies: {
    id: "KV-NO-INLINE-ACCESS-POLICY",
    construct: "KeyVaultWithProtection",
    field: "vault.accessPolicy",
    check: (v: number) => v === 0,
    allowed:
      "no inline access_policy blocks: the construct grants through standalone resources, and mixing the two makes later plans delete one or the other",
    fix: "remove the inline access policies and call grantKeyAccess() or create azurerm_key_vault_access_policy resources",
    describe: (v) => `${v} inline access polic${v === 1 ? "y" : "ies"}`,
  } satisfies Rule<number>,
  rbacPropagationDelay: {
    id: "KV-RBAC-DELAY",
    construct: "KeyVaultWithProtection",
    field: "rbacPropagationDelay",
    check: (v: string) => goDurationSeconds(v) !== undefined,
    allowed: 'a duration as time_sleep takes it, such as "30s", "1m30s", "1.5m" or "10m"',
    fix: 'write the wait with units, e.g. "60s"',
  } satisfies Rule<string>,
  keyName: {
    id: "KEY-NAME",
    construct: "KeyVaultWithProtection",
    field: "key.name",
    check: (v: string) => between(v, LIMITS.keyName) && /^[A-Za-z0-9-]+$/.test(v),
    allowed: `${LIMITS.keyName.min}-${LIMITS.keyName.max} letters, digits and hyphens`,
    fix: "choose a key name of letters, digits and hyphens",
  } satisfies Rule<string>,
  keyType: {
    id: "KEY-TYPE",
    construct: "KeyVaultWithProtection",
    field: "key.type",
    check: (v: string) => (LIMITS.keyTypes as readonly string[]).includes(v),
    allowed: `${oneOf(LIMITS.keyTypes)}: Event Hubs wraps its data keys with RSA keys only`,
    fix: 'use "RSA-HSM" on a premium vault, or "RSA"',
  } satisfies Rule<string>,
  keyHsmNeedsPremium: {
    id: "KEY-HSM-PREMIUM",
    construct: "KeyVaultWithProtection",
    field: "key.type",
    check: (v: { type: string; sku: string }) => v.type !== "RSA-HSM" || v.sku === "premium",
    allowed: '"RSA-HSM" only in a "premium" vault',
    fix: 'set sku to "premium", or use key type "RSA"',
    describe: (v) => `${JSON.stringify(v.type)} in a ${JSON.stringify(v.sku)} vault`,
  } satisfies Rule<{ type: string; sku: string }>,
  keySize: {
    id: "KEY-SIZE",
    construct: "KeyVaultWithProtection",
    field: "key.size",
    check: (v: number) => (LIMITS.keySizes as readonly number[]).includes(v),
    allowed: oneOf(LIMITS.keySizes),
    fix: "use 3072 (the default) or 4096",
  } satisfies Rule<number>,
  keyOperationsKnown: {
    id: "KEY-OPERATIONS",
    construct: "KeyVaultWithProtection",
    field: "key.operations",
    check: (v: readonly string[]) => v.every((op) => (LIMITS.keyOperations as readonly string[]).includes(op)),
    allowed: `operations from ${oneOf(LIMITS.keyOperations)}`,
    fix: "remove the unknown operations (names are case-sensitive)",
  } satisfies Rule<readonly string[]>,
  keyOperationsWrap: {
    id: "KEY-WRAP-UNWRAP",
    construct: "KeyVaultWithProtection",
    field: "key.operations",
    check: (v: readonly string[]) => LIMITS.requiredKeyOperations.every((op) => v.includes(op)),
    allowed: `a list that includes ${oneOf(LIMITS.requiredKeyOperations)}: Event Hubs wraps and unwraps its data keys with the key`,
    fix: `add ${oneOf(LIMITS.requiredKeyOperations)} to key.operations`,
  } satisfies Rule<readonly string[]>,
  keyNotBeforeDate: {
    id: "KEY-NOT-BEFORE",
    construct: "KeyVaultWithProtection",
    field: "key.notBeforeDate",
    check: isRfc3339Utc,
    allowed: 'an RFC 3339 UTC literal such as "2027-01-01T00:00:00Z"; a computed date would move and force a new key',
    fix: "write the date as a fixed UTC literal ending in Z",
  } satisfies Rule<string>,
  keyExpirationDate: {
    id: "KEY-EXPIRATION",
    construct: "KeyVaultWithProtection",
    field: "key.expirationDate",
    check: isRfc3339Utc,
    allowed:
      'an RFC 3339 UTC literal such as "2028-01-01T00:00:00Z"; changing it later forces a new key, which purge protection blocks',
    fix: "write the date as a fixed UTC literal ending in Z, or leave it out and let the rotation policy expire versions",
  } satisfies Rule<string>,
  keyDatesFixed: {
    id: "KEY-DATES-FIXED",
    construct: "KeyVaultWithProtection",
    field: "key.notBeforeDate | key.expirationDate",
    check: (v: string) => !/\b(plan)?timestamp\(|\btime_rotating\./.test(v),
    allowed:
      "a date that never moves: not timestamp(), plantimestamp() or a time_rotating resource, which change on every run or rotation",
    fix: "write a fixed RFC 3339 UTC literal, or leave the date out and expire versions with rotationPolicy.expireAfter",
  } satisfies Rule<string>,
  keyExpirationFuture: {
    id: "KEY-EXPIRATION-FUTURE",
    construct: "KeyVaultWithProtection",
    field: "key.expirationDate",
    check: (v: string) => DateTime.fromISO(v).toMillis() > Date.now(),
    allowed:
      "a date in the future: a key created expired cannot unwrap, and every namespace bound to it is inaccessible",
    fix: "move expirationDate into the future, or leave it out and let the rotation policy expire versions",
  } satisfies Rule<string>,
  vaultIpRule: {
    id: "KV-IP-RULE",
    construct: "KeyVaultWithProtection",
    field: "network.ipRules",
    check: (v: readonly string[]) => v.every(isVaultIpRule),
    allowed: `public IPv4 addresses or CIDR ranges of prefix /${LIMITS.vaultIpRulePrefix.max} or wider; Key Vault refuses private (RFC 1918) ranges and /31 or /32 prefixes`,
    fix: "list the deploying agent's public address (203.0.113.10), without /32",
    describe: (v) => JSON.stringify(v.filter((rule) => !isVaultIpRule(rule))),
  } satisfies Rule<readonly string[]>,
  keyDatesOrdered: {
    id: "KEY-DATES-ORDER",
    construct: "KeyVaultWithProtection",
    field: "key.expirationDate",
    check: (v: { notBefore: string; expiration: string }) =>
      DateTime.fromISO(v.expiration).toMillis() > DateTime.fromISO(v.notBefore).toMillis(),
    allowed: "an expiration date after the activation date (notBeforeDate)",
    fix: "move expirationDate after notBeforeDate",
    describe: (v) => `expiration ${v.expiration} with activation ${v.notBefore}`,
  } satisfies Rule<{ notBefore: string; expiration: string }>,
  rotationDuration: {
    id: "ROT-ISO-DURATION",
    construct: "KeyVaultWithProtection",
    field: "key.rotationPolicy",
    check: (v: string) => isoDurationDays(v) !== undefined,
    allowed: 'an ISO 8601 duration such as "P90D", "P6M" or "P1Y"',
    fix: "write the duration in ISO 8601 form",
  } satisfies Rule<string>,
  rotationExpireAfter: {
    id: "ROT-EXPIRE-AFTER",
    construct: "KeyVaultWithProtection",
    field: "key.rotationPolicy.expireAfter",
    check: (v: string) => {
      const d = isoDurationDays(v) as number;
      return (
        d >= (days(LIMITS.rotationExpireAfter.min) as number) && d <= (days(LIMITS.rotationExpireAfter.max) as number)
      );
    },
    allowed: `from ${LIMITS.rotationExpireAfter.min} to ${LIMITS.rotationExpireAfter.max}`,
    fix: `choose an expiry of at least ${LIMITS.rotationExpireAfter.min}`,
  } satisfies Rule<string>,
  rotationNotify: {
    id: "ROT-NOTIFY",
    construct: "KeyVaultWithProtection",
    field: "key.rotationPolicy.notifyBeforeExpiry",
    check: (v: string) => (isoDurationDays(v) as number) >= (days(LIMITS.rotationNotifyBeforeExpiry.min) as number),
    allowed: `at least ${LIMITS.rotationNotifyBeforeExpiry.min}`,
    fix: `notify ${LIMITS.rotationNotifyBeforeExpiry.min} or more before expiry`,
  } satisfies Rule<string>,
  rotationNotifyNeedsExpiry: {
    id: "ROT-NOTIFY-NEEDS-EXPIRY",
    construct: "KeyVaultWithProtection",
    field: "key.rotationPolicy.notifyBeforeExpiry",
    check: (v: RotationPolicyInput) =>
      v.notifyBeforeExpiry === undefined ||
      (v.expireAfter !== undefined && (days(v.notifyBeforeExpiry) as number) < (days(v.expireAfter) as number)),
    allowed: "only together with expireAfter, and shorter than it",
    fix: "set expireAfter as well, or drop notifyBeforeExpiry",
    describe: (v) =>
      `notifyBeforeExpiry ${JSON.stringify(v.notifyBeforeExpiry)} with expireAfter ${JSON.stringify(v.expireAfter)}`,
  } satisfies Rule<RotationPolicyInput>,
  rotationHasAction: {
    id: "ROT-HAS-ACTION",
    construct: "KeyVaultWithProtection",
    field: "key.rotationPolicy",
    check: (v: RotationPolicyInput) =>
      v.expireAfter !== undefined || v.timeAfterCreation !== undefined || v.timeBeforeExpiry !== undefined,
    allowed: "a policy with expireAfter, automatic rotation (timeAfterCreation or timeBeforeExpiry), or both",
    fix: 'add timeAfterCreation (e.g. "P90D") or expireAfter',
    describe: (v) => JSON.stringify(v),
  } satisfies Rule<RotationPolicyInput>,
  rotationOneTrigger: {
    id: "ROT-ONE-TRIGGER",
    construct: "KeyVaultWithProtection",
    field: "key.rotationPolicy",
    check: (v: RotationPolicyInput) => v.timeAfterCreation === undefined || v.timeBeforeExpiry === undefined,
    allowed: "one automatic-rotation trigger: timeAfterCreation or timeBeforeExpiry, not both",
    fix: "keep one of timeAfterCreation and timeBeforeExpiry",
    describe: (v) =>
      `timeAfterCreation ${JSON.stringify(v.timeAfterCreation)} and timeBeforeExpiry ${JSON.stringify(v.timeBeforeExpiry)}`,
  } satisfies Rule<RotationPolicyInput>,
  rotationBeforeExpiryNeedsExpiry: {
    id: "ROT-BEFORE-EXPIRY-NEEDS-EXPIRY",
    construct: "KeyVaultWithProtection",
    field: "key.rotationPolicy.timeBeforeExpiry",
    check: (v: RotationPolicyInput) => v.timeBeforeExpiry === undefined || v.expireAfter !== undefined,
    allowed: "only together with expireAfter: without an expiry there is nothing to rotate before",
    fix: "set expireAfter, or rotate with timeAfterCreation instead",
    describe: (v) => `timeBeforeExpiry ${JSON.stringify(v.timeBeforeExpiry)} without expireAfter`,
  } satisfies Rule<RotationPolicyInput>,
  rotationWindow: {
    id: "ROT-WINDOW",
    construct: "KeyVaultWithProtection",
    field: "key.rotationPolicy",
    check: (v: RotationPolicyInput) => {
      const expire = days(v.expireAfter);
      const after = days(v.timeAfterCreation);
      const before = days(v.timeBeforeExpiry);
      // The moment of rotation, counted from the version's creation.
      const rotateAt = after ?? (before !== undefined && expire !== undefined ? expire - before : undefined);
      if (rotateAt === undefined) return true;
      if (before !== undefined && before < margin) return false;
      if (rotateAt < margin) return false;
      return expire === undefined || rotateAt <= expire - margin;
    },
    allowed: `automatic rotation no sooner than ${LIMITS.rotationMargin} after a version is created and no later than ${LIMITS.rotationMargin} before it expires`,
    fix: "move the rotation trigger inside that window (for a P1Y expiry, timeBeforeExpiry between P7D and P358D)",
    describe: (v) => JSON.stringify(v),
  } satisfies Rule<RotationPolicyInput>,
  namespaceName: eventHubsName(
    "NS-NAME",
    "name",
    LIMITS.namespaceName,
    "choose another namespace name; it must be globally unique",
  ),
  clusterName: eventHubsName("NS-CLUSTER-NAME", "cluster.name", LIMITS.clusterName, "choose another cluster name"),
  namespaceNameUnique: uniqueInStack("NS-NAME-UNIQUE", "CmkNamespace", "namespace"),
  clusterCapacity: {
    id: "NS-CLUSTER-CAPACITY",
    construct: "CmkNamespace",
    field: "cluster.capacity",
    check: (v: number) => Number.isInteger(v) && v >= LIMITS.clusterCapacity.min,
    allowed: `a whole number of capacity units, at least ${LIMITS.clusterCapacity.min} (sku Dedicated_<n>)`,
    fix: `use ${LIMITS.clusterCapacity.min} or more; note a cluster cannot be deleted within 4 hours of creation`,
  } satisfies Rule<number>,
  clusterOneOf: {
    id: "NS-CLUSTER-NAME-OR-ID",
    construct: "CmkNamespace",
    field: "cluster",
    check: (v: { name?: string; id?: string }) => (v.name === undefined) !== (v.id === undefined),
    allowed: "either { name, capacity? } to create a cluster or { id } to use one, not both",
    fix: "keep name (and capacity) to create the cluster, or id to use an existing one",
    describe: (v) => JSON.stringify(v),
  } satisfies Rule<{ name?: string; id?: string }>,
  clusterId: {
    id: "NS-CLUSTER-ID",
    construct: "CmkNamespace",
    field: "cluster.id",
    check: (v: string) => /\/providers\/Microsoft\.EventHub\/clusters\/[^/]+$/i.test(v),
    allowed: "the resource id of an Event Hubs dedicated cluster (…/providers/Microsoft.EventHub/clusters/<name>)",
    fix: "pass the id attribute of the azurerm_eventhub_cluster",
  } satisfies Rule<string>,
  capacityInCluster: {
    id: "NS-CAPACITY-IN-CLUSTER",
    construct: "CmkNamespace",
    field: "capacity",
    check: (v: { capacity?: number; inCluster: boolean }) => !v.inCluster || v.capacity === undefined,
    allowed:
      "no namespace capacity inside a dedicated cluster: the cluster's capacity units serve every namespace in it",
    fix: "drop capacity, and size the cluster with cluster.capacity instead",
    describe: (v) => `${v.capacity} inside a dedicated cluster`,
  } satisfies Rule<{ capacity?: number; inCluster: boolean }>,
  userIdentityId: {
    id: "NS-USER-IDENTITY-ID",
    construct: "CmkNamespace",
    field: "identity.userAssignedIdentity.id",
    check: (v: string) => /\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i.test(v),
    allowed:
      "the resource id of a user-assigned identity (…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>)",
    fix: "pass the id attribute of the azurerm_user_assigned_identity",
  } satisfies Rule<string>,
  principalId: {
    id: "NS-PRINCIPAL-ID",
    construct: "CmkNamespace",
    field: "identity.userAssignedIdentity.principalId",
    check: (v: string) => GUID.test(v),
    allowed: "the object id of the identity's service principal, a GUID",
    fix: "pass the principal_id attribute of the azurerm_user_assigned_identity",
  } satisfies Rule<string>,
  keyUnique: {
    id: "NS-KEY-UNIQUE",
    construct: "CmkNamespace",
    field: "addKey",
    check: (v: { key: string; bound: readonly string[] }) => !v.bound.includes(v.key),
    allowed: "each key bound once",
    fix: "remove the repeated addKey call or additionalKeys entry",
    describe: (v) => `the key ${v.key}, which is already bound`,
  } satisfies Rule<{ key: string; bound: readonly string[] }>,
  namespaceSku: {
    id: "NS-SKU",
    construct: "CmkNamespace",
    field: "sku",
    check: (v: string) => (LIMITS.namespaceSkus as readonly string[]).includes(v),
    allowed: oneOf(LIMITS.namespaceSkus),
    fix: 'use "Premium", or "Standard" inside a dedicated cluster',
  } satisfies Rule<string>,
  tierWithoutCluster: {
    id: "NS-TIER",
    construct: "CmkNamespace",
    field: "sku",
    check: (v: { sku: string; inCluster: boolean }) => (v.inCluster ? v.sku === "Standard" : v.sku === "Premium"),
    allowed:
      '"Premium" without a cluster; "Standard" inside a dedicated cluster (customer-managed keys need premium or dedicated, and the API refuses Premium or Basic in a cluster)',
    fix: 'without a cluster use sku "Premium" or add cluster; inside a cluster use sku "Standard" (the default there)',
    describe: (v) => `${JSON.stringify(v.sku)} ${v.inCluster ? "inside" : "without"} a dedicated cluster`,
  } satisfies Rule<{ sku: string; inCluster: boolean }>,
  premiumCapacity: {
    id: "NS-PREMIUM-CAPACITY",
    construct: "CmkNamespace",
    field: "capacity",
    check: (v: number) => (LIMITS.premiumCapacities as readonly number[]).includes(v),
    allowed: `${oneOf(LIMITS.premiumCapacities)} processing units on the premium tier`,
    fix: "round to the nearest allowed number of processing units",
  } satisfies Rule<number>,
  keysPerNamespace: {
    id: "NS-KEY-COUNT",
    construct: "CmkNamespace",
    field: "keys",
    check: (v: number) => v >= 1 && v <= LIMITS.keysPerNamespace,
    allowed: `1 to ${LIMITS.keysPerNamespace} keys per namespace`,
    fix: `bind at most ${LIMITS.keysPerNamespace} keys; they all use the same identity`,
  } satisfies Rule<number>,
  userIdentityCount: {
    id: "NS-IDENTITY-COUNT",
    construct: "CmkNamespace",
    field: "identity",
    check: (v: number) => v <= LIMITS.userIdentitiesPerNamespace,
    allowed: `at most ${LIMITS.userIdentitiesPerNamespace} user-assigned identities per namespace`,
    fix: "attach fewer user-assigned identities",
    describe: (v) => `${v} user-assigned identities`,
  } satisfies Rule<number>,
  keyIdentityAttached: {
    id: "NS-KEY-IDENTITY-ATTACHED",
    construct: "CmkNamespace",
    field: "identity",
    check: (v: { keyIdentityId: string; attached: readonly string[] }) => v.attached.includes(v.keyIdentityId),
    allowed: "the identity that unwraps the key must also be attached to the namespace",
    fix: "add the key's user-assigned identity to the namespace identities",
    describe: (v) => `key identity ${v.keyIdentityId} with attached ${JSON.stringify(v.attached)}`,
  } satisfies Rule<{ keyIdentityId: string; attached: readonly string[] }>,
  minimumTls: {
    id: "NS-TLS",
    construct: "CmkNamespace",
    field: "minimumTlsVersion",
    check: (v: string) => v === LIMITS.minimumTlsVersion,
    allowed: JSON.stringify(LIMITS.minimumTlsVersion),
    fix: `use ${JSON.stringify(LIMITS.minimumTlsVersion)}; 1.0 and 1.1 are retired`,
  } satisfies Rule<string>,
  eventHubName: {
    id: "EH-NAME",
    construct: "CmkNamespace",
    field: "addEventHub.name",
    check: (v: string) => between(v, LIMITS.eventHubName) && /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(v),
    allowed: `${LIMITS.eventHubName.min}-${LIMITS.eventHubName.max} letters, digits, periods, hyphens and underscores, starting and ending with a letter or digit`,
    fix: "choose another event hub name",
  } satisfies Rule<string>,
  eventHubPartitions: {
    id: "EH-PARTITIONS",
    construct: "CmkNamespace",
    field: "addEventHub.partitionCount",
    check: (v: { count: number; inCluster: boolean }) =>
      Number.isInteger(v.count) &&
      v.count >= LIMITS.eventHubPartitions.min &&
      v.count <= (v.inCluster ? LIMITS.eventHubPartitions.dedicatedMax : LIMITS.eventHubPartitions.premiumMax),
    allowed: `a whole number from ${LIMITS.eventHubPartitions.min} to ${LIMITS.eventHubPartitions.premiumMax} on the premium tier, to ${LIMITS.eventHubPartitions.dedicatedMax} in a dedicated cluster`,
    fix: "choose another partition count",
    describe: (v) => `${v.count} ${v.inCluster ? "in a dedicated cluster" : "on the premium tier"}`,
  } satisfies Rule<{ count: number; inCluster: boolean }>,
  eventHubNameUnique: {
    id: "EH-NAME-UNIQUE",
    construct: "CmkNamespace",
    field: "addEventHub.name",
    check: (v: { name: string; existing: readonly string[] }) =>
      !v.existing.some((name) => name.toLowerCase() === v.name.toLowerCase()),
    allowed:
      "a name no other event hub of the namespace has, ignoring case (Azure resource names are case-insensitive)",
    fix: "choose another event hub name",
    describe: (v) => `${JSON.stringify(v.name)}, which the namespace already has`,
  } satisfies Rule<{ name: string; existing: readonly string[] }>,
  eventHubRetention: {
    id: "EH-RETENTION",
    construct: "CmkNamespace",
    field: "addEventHub.messageRetentionDays",
    check: (v: number) =>
      Number.isInteger(v) && v >= LIMITS.eventHubRetentionDays.min && v <= LIMITS.eventHubRetentionDays.max,
    allowed: `a whole number of days from ${LIMITS.eventHubRetentionDays.min} to ${LIMITS.eventHubRetentionDays.max}`,
    fix: "choose another retention",
  } satisfies Rule<number>,
  aliasName: eventHubsName("NS-ALIAS-NAME", "pairWith.alias", LIMITS.aliasName, "choose another alias"),
  diagnosticSettingName: {
    id: "DIAG-NAME",
    construct: "ByokDiagnostics",
    field: "name",
    check: (v: string) =>
      between(v, LIMITS.diagnosticSettingName) && !LIMITS.diagnosticSettingForbidden.some((c) => v.includes(c)),
    allowed: `${LIMITS.diagnosticSettingName.min}-${LIMITS.diagnosticSettingName.max} characters, none of ${LIMITS.diagnosticSettingForbidden.join(" ")}`,
    fix: "choose another setting name",
  } satisfies Rule<string>,
  diagnosticNameUnique: {
    id: "DIAG-NAME-UNIQUE",
    construct: "ByokDiagnostics",
    field: "name",
    check: (v: { name: string; sameNameOnTarget: number }) => v.sameNameOnTarget <= 1,
    allowed: "a setting name used once per monitored resource",
    fix: "give each ByokDiagnostics that covers the same namespace or vault its own name, or pass keyVault to only one of them",
    describe: (v) => `${JSON.stringify(v.name)}, used by ${v.sameNameOnTarget} settings on one resource`,
  } satisfies Rule<{ name: string; sameNameOnTarget: number }>,
  diagnosticSettingsPerResource: {
    id: "DIAG-MAX-PER-RESOURCE",
    construct: "ByokDiagnostics",
    field: "namespace | keyVault",
    check: (v: number) => v <= LIMITS.diagnosticSettingsPerResource,
    allowed: `at most ${LIMITS.diagnosticSettingsPerResource} diagnostic settings per resource`,
    fix: "send several categories through one setting instead of one setting each",
    describe: (v) => `${v} settings on one resource`,
  } satisfies Rule<number>,
  diagnosticIdNotEmpty: {
    id: "DIAG-EMPTY-ID",
    construct: "ByokDiagnostics",
    field: "logAnalyticsWorkspaceId | storageAccountId | eventHub.authorizationRuleId | keyVault.keyVaultId",
    check: (v: string) => v.trim().length > 0,
    allowed: "a resource id, not an empty string",
    fix: "pass the resource's id attribute, or leave the prop out",
  } satisfies Rule<string>,
  diagnosticDestination: {
    id: "DIAG-DESTINATION",
    construct: "ByokDiagnostics",
    field: "logAnalyticsWorkspaceId | storageAccountId | eventHub",
    check: (v: number) => v > 0,
    allowed: "at least one destination: a Log Analytics workspace, a storage account or an event hub",
    fix: "set logAnalyticsWorkspaceId (recommended), storageAccountId or eventHub",
    describe: () => "no destination",
  } satisfies Rule<number>,
  destinationTypeNeedsWorkspace: {
    id: "DIAG-DESTINATION-TYPE",
    construct: "ByokDiagnostics",
    field: "logAnalyticsDestinationType",
    check: (v: { type?: string; hasWorkspace: boolean }) => v.type === undefined || v.hasWorkspace,
    allowed: "only together with logAnalyticsWorkspaceId",
    fix: "set logAnalyticsWorkspaceId, or drop logAnalyticsDestinationType",
    describe: (v) => `${JSON.stringify(v.type)} without a workspace`,
  } satisfies Rule<{ type?: string; hasWorkspace: boolean }>,
  destinationType: {
    id: "DIAG-DESTINATION-TYPE-VALUE",
    construct: "ByokDiagnostics",
    field: "logAnalyticsDestinationType",
    check: (v: string) => (LIMITS.logAnalyticsDestinationTypes as readonly string[]).includes(v),
    allowed: oneOf(LIMITS.logAnalyticsDestinationTypes),
    fix: 'use "Dedicated" (resource-specific tables)',
  } satisfies Rule<string>,
  namespaceLevelAuthorizationRule: {
    id: "DIAG-EVENTHUB-RULE",
    construct: "ByokDiagnostics",
    field: "eventHub.authorizationRuleId",
    check: (v: string) => /\/providers\/Microsoft\.EventHub\/namespaces\/[^/]+\/authorizationRules\/[^/]+$/i.test(v),
    allowed:
      "the id of a namespace-level authorization rule (…/providers/Microsoft.EventHub/namespaces/<ns>/authorizationRules/<rule>) with Manage, Send and Listen",
    fix: "use an azurerm_eventhub_namespace_authorization_rule, not a rule on a single event hub",
  } satisfies Rule<string>,
  additionalCategories: {
    id: "DIAG-CATEGORIES",
    construct: "ByokDiagnostics",
    field: "additionalCategories",
    check: (v: readonly string[]) =>
      v.every((c) => (LIMITS.eventHubsLogCategories as readonly string[]).includes(c)) && new Set(v).size === v.length,
    allowed: `each of ${oneOf(LIMITS.eventHubsLogCategories)} at most once; CustomerManagedKeyUserLogs is always on and is not listed`,
    fix: "remove the unknown or repeated categories",
  } satisfies Rule<readonly string[]>,
  alertsNeedWorkspace: {
    id: "DIAG-ALERTS-WORKSPACE",
    construct: "ByokDiagnostics",
    field: "alerts",
    check: (v: { hasWorkspace: boolean }) => v.hasWorkspace,
    allowed: "only together with logAnalyticsWorkspaceId: the alerts query the workspace",
    fix: "set logAnalyticsWorkspaceId, or drop alerts",
    describe: () => "alerts without a workspace",
  } satisfies Rule<{ hasWorkspace: boolean }>,
  alertSeverity: {
    id: "DIAG-ALERT-SEVERITY",
    construct: "ByokDiagnostics",
    field: "alerts.severity",
    check: (v: number) => (LIMITS.alertSeverities as readonly number[]).includes(v),
    allowed: `${oneOf(LIMITS.alertSeverities)} (0 is critical, 4 is verbose)`,
    fix: "use 1 (error) unless your paging policy says otherwise",
  } satisfies Rule<number>,
  alertEvaluationFrequency: {
    id: "DIAG-ALERT-FREQUENCY",
    construct: "ByokDiagnostics",
    field: "alerts.evaluationFrequency",
    check: (v: string) => (LIMITS.alertEvaluationFrequencies as readonly string[]).includes(v),
    allowed: oneOf(LIMITS.alertEvaluationFrequencies),
    fix: 'use "PT5M": Event Hubs polls its keys every 5 minutes',
  } satisfies Rule<string>,
  alertWindowDuration: {
    id: "DIAG-ALERT-WINDOW",
    construct: "ByokDiagnostics",
    field: "alerts.windowDuration",
    check: (v: string) => (LIMITS.alertWindowDurations as readonly string[]).includes(v),
    allowed: oneOf(LIMITS.alertWindowDurations),
    fix: "use the evaluation frequency, or a longer window from the list",
  } satisfies Rule<string>,
  alertWindowCoversFrequency: {
    id: "DIAG-ALERT-WINDOW-FREQUENCY",
    construct: "ByokDiagnostics",
    field: "alerts.windowDuration",
    check: (v: { window: string; frequency: string }) => {
      const window = isoDurationDays(v.window);
      const frequency = isoDurationDays(v.frequency);
      return window === undefined || frequency === undefined || window >= frequency;
    },
    allowed:
      "a window at least as long as the evaluation frequency, or entries logged between two runs are never looked at",
    fix: "lengthen windowDuration or shorten evaluationFrequency",
    describe: (v) => `window ${JSON.stringify(v.window)} with evaluation every ${JSON.stringify(v.frequency)}`,
  } satisfies Rule<{ window: string; frequency: string }>,
  alertNamePrefix: {
    id: "DIAG-ALERT-NAME",
    construct: "ByokDiagnostics",
    field: "alerts.namePrefix",
    check: (v: string) =>
      between(v, { min: LIMITS.alertRuleName.min, max: LIMITS.alertRuleName.max - longestAlertSuffix }) &&
      !LIMITS.alertRuleNameForbidden.some((c) => v.includes(c)),
    allowed: `${LIMITS.alertRuleName.min}-${LIMITS.alertRuleName.max - longestAlertSuffix} characters (rule names add up to ${longestAlertSuffix} more and stop at ${LIMITS.alertRuleName.max}), none of ${LIMITS.alertRuleNameForbidden.join(" ")}`,
    fix: "choose a shorter prefix of letters, digits and hyphens",
  } satisfies Rule<string>,
  alertActionGroupIds: {
    id: "DIAG-ALERT-ACTION-GROUP",
    construct: "ByokDiagnostics",
    field: "alerts.actionGroupIds",
    check: (v: readonly string[]) =>
      v.every((id) => /\/providers\/Microsoft\.Insights\/actionGroups\/[^/]+$/i.test(id)),
    allowed: "ids of action groups (…/providers/Microsoft.Insights/actionGroups/<name>)",
    fix: "pass the id attribute of an azurerm_monitor_action_group",
  } satisfies Rule<readonly string[]>,
  existingKeyVaultId: {
    id: "KV-EXISTING-VAULT-ID",
    construct: "KeyVaultWithProtection",
    field: "fromExistingKey.keyVaultId",
    check: (v: string) => keyVaultIdPattern.test(v),
    allowed:
      "the Azure resource id of a vault: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>",
    fix: "pass the vault's resource id (its `id` attribute), not its name or URI",
  } satisfies Rule<string>,
  existingKeyName: {
    id: "KEY-EXISTING-NAME",
    construct: "KeyVaultWithProtection",
    field: "fromExistingKey.keyName",
    check: (v: string) => between(v, LIMITS.keyName) && /^[A-Za-z0-9-]+$/.test(v),
    allowed: `${LIMITS.keyName.min}-${LIMITS.keyName.max} letters, digits and hyphens (a name, not a key URI)`,
    fix: "pass the key's name only; the versionless id is built from the vault and the name",
  } satisfies Rule<string>,
  vaultDnsSuffix: {
    id: "KV-DNS-SUFFIX",
    construct: "KeyVaultWithProtection",
    field: "fromExistingKey.vaultDnsSuffix",
    check: (v: string) => (LIMITS.vaultDnsSuffixes as readonly string[]).includes(v),
    allowed: oneOf(LIMITS.vaultDnsSuffixes),
    fix: 'use "vault.azure.net" in the public cloud, or the suffix of your sovereign cloud',
  } satisfies Rule<string>,
  aliasUnique: {
    id: "NS-GEO-DR-ALIAS-UNIQUE",
    construct: "CmkNamespace",
    field: "pairWith.alias",
    check: (v: { alias: string; aliases: number; namespaces: number }) => v.aliases <= 1 && v.namespaces === 0,
    allowed:
      "an alias no other pairing and no namespace in the stack is named: aliases are DNS names, like namespace names",
    fix: "choose another alias",
    describe: (v) =>
      `${JSON.stringify(v.alias)}, the name of ${v.aliases > 1 ? `${v.aliases} pairings` : "a namespace"} in this stack`,
  } satisfies Rule<{ alias: string; aliases: number; namespaces: number }>,
  geoDrSelf: {
    id: "NS-GEO-DR-SELF",
    construct: "CmkNamespace",
    field: "pairWith.secondary",
    check: (v: { primary: string; secondary: string }) => v.primary !== v.secondary,
    allowed: "another namespace: a namespace cannot be its own disaster-recovery partner",
    fix: "pass the namespace in the other region",
    describe: (v) => `the namespace itself (${v.secondary})`,
  } satisfies Rule<{ primary: string; secondary: string }>,
  geoDrSecondaryKind: {
    id: "NS-GEO-DR-SECONDARY-KIND",
    construct: "CmkNamespace",
    field: "pairWith.secondary",
    check: (v: { isCmkNamespace: boolean; kind: string }) => v.isCmkNamespace,
    allowed:
      "a CmkNamespace: only then is the secondary known to be premium or dedicated, with an identity that can use the key",
    fix: "create the secondary with new CmkNamespace(...) in the other region",
    describe: (v) => v.kind,
  } satisfies Rule<{ isCmkNamespace: boolean; kind: string }>,
  geoDrOnce: {
    id: "NS-GEO-DR-ONCE",
    construct: "CmkNamespace",
    field: "pairWith",
    check: (v: { path: string; pairedWith?: string }) => v.pairedWith === undefined,
    allowed: "one Geo-DR pairing per namespace, as primary or as secondary",
    fix: "pair each namespace once; remove the other pairWith call",
    describe: (v) => `${v.path}, already paired with ${v.pairedWith}`,
  } satisfies Rule<{ path: string; pairedWith?: string }>,
  geoDrLocation: {
    id: "NS-GEO-DR-LOCATION",
    construct: "CmkNamespace",
    field: "pairWith.secondary.location",
    check: (v: { primary: string; secondary: string }) =>
      normalizeLocation(v.primary) !== normalizeLocation(v.secondary),
    allowed: "a secondary in another region than the primary",
    fix: "create the secondary namespace in the paired region",
    describe: (v) => `${JSON.stringify(v.secondary)}, the primary's region too`,
  } satisfies Rule<{ primary: string; secondary: string }>,
  geoDrSecondaryTier: {
    id: "NS-GEO-DR-SECONDARY-TIER",
    construct: "CmkNamespace",
    field: "pairWith.secondary.sku",
    check: (v: { sku?: string; inCluster: boolean }) => v.sku === "Premium" || v.inCluster,
    allowed: "a Premium secondary, or one in a dedicated cluster: only those can use the primary's key",
    fix: 'restore sku "Premium" or the dedicated cluster on the secondary',
    describe: (v) => `${JSON.stringify(v.sku)} ${v.inCluster ? "inside" : "without"} a dedicated cluster`,
  } satisfies Rule<{ sku?: string; inCluster: boolean }>,
  geoDrSameTier: {
    id: "NS-GEO-DR-SAME-TIER",
    construct: "CmkNamespace",
    field: "pairWith.secondary.sku",
    check: (v: { primary: string; secondary: string }) => v.primary === v.secondary,
    allowed: "a secondary of the primary's tier: Premium with Premium, dedicated cluster with dedicated cluster",
    fix: "put the secondary on the primary's tier",
    describe: (v) => `a ${v.secondary} secondary for a ${v.primary} primary`,
  } satisfies Rule<{ primary: string; secondary: string }>,
  geoDrSecondaryIdentity: {
    id: "NS-GEO-DR-SECONDARY-IDENTITY",
    construct: "CmkNamespace",
    field: "pairWith.secondary.identity",
    check: (v: string) => v === "SystemAssigned" || v === "UserAssigned",
    allowed: "a secondary with a managed identity (SystemAssigned or UserAssigned) that can be granted the key",
    fix: "restore the identity block on the secondary namespace",
  } satisfies Rule<string>,
  geoDrSecondaryEmpty: {
    id: "NS-GEO-DR-SECONDARY-EMPTY",
    construct: "CmkNamespace",
    field: "pairWith.secondary",
    check: (v: readonly string[]) => v.length === 0,
    allowed:
      "an empty secondary: Azure refuses to pair a secondary that holds event hubs; they replicate from the primary",
    fix: "add the event hubs to the primary only",
    describe: (v) => `a secondary with event hubs ${JSON.stringify(v)}`,
  } satisfies Rule<readonly string[]>,
} as const;
