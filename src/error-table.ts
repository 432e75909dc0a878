/** What a key error does to the namespace's data. */
export type DataState = "accessible" | "inaccessible";

/** The status code Event Hubs writes for a key error; "none" for an entry without a code. */
export type KeyErrorCode = "403" | "404" | "none";

/** Key errors that share a cause and a fix. Each family that makes data inaccessible gets one alert. */
export type KeyFailureFamily =
  | "access-revoked"
  | "key-or-vault-gone"
  | "key-not-active"
  | "vault-firewall"
  | "transient-outage";

/** The families that make data inaccessible, and so have an alert. */
export type AlertedKeyFailureFamily = Exclude<KeyFailureFamily, "transient-outage">;

/** Stable name of one row of {@link KEY_ERROR_TABLE}. */
export type KeyErrorId =
  | "wrap-permission-removed"
  | "role-membership-removed"
  | "key-deleted"
  | "vault-deleted"
  | "key-expired"
  | "key-not-yet-active"
  | "vault-firewall"
  | "vault-moved-tenant"
  | "transient-outage";

/** One thing that can happen to the key, and what Event Hubs logs and does when it happens. */
export interface KeyErrorRow {
  /** Stable name of the row. */
  readonly id: KeyErrorId;
  /** What was done to the key, the vault or the network, in one sentence. */
  readonly action: string;
  /** The code of the CustomerManagedKeyUserLogs entry. */
  readonly code: KeyErrorCode;
  /** Whether the namespace can still read and write its events. */
  readonly dataState: DataState;
  /** The family the row belongs to. */
  readonly family: KeyFailureFamily;
  /** How to give the namespace its key back. */
  readonly remediation: string;
  /**
   * Lower-case fragments of the entry's message that identify this row among the rows with the same code.
   *
   * The fragments of two rows with the same code never overlap, so a message names at most one row.
   */
  readonly messageMatches: readonly string[];
}

/** What one family means, for alert titles and descriptions. */
export interface KeyFailureFamilyInfo {
  /** Short title, used in alert names and reports. */
  readonly title: string;
  /** The code all of the family's rows share. */
  readonly code: KeyErrorCode;
  /** The state of the data for every row of the family. */
  readonly dataState: DataState;
  /**
   * Whether the family also takes entries with its code whose message names no row of another family.
   *
   * Exactly one family per code does, so that no 403 or 404 escapes every alert.
   */
  readonly takesUnmatched: boolean;
}

/**
 * The error table of the Event Hubs customer-managed key documentation, as data: one row per thing
 * that can happen to the key, with the code it logs, the state the data is left in and the fix.
 *
 * Alert descriptions (ByokDiagnostics) and the `byok-logs explain` command both read it.
 */
export const KEY_ERROR_TABLE: readonly KeyErrorRow[] = [
  {
    id: "wrap-permission-removed",
    action:
      "The get, wrapKey or unwrapKey permission of the namespace identity was removed from the vault's access policies",
    code: "403",
    dataState: "inaccessible",
    family: "access-revoked",
    remediation:
      "grant the namespace identity Get, WrapKey and UnwrapKey on the key again (access policy), then wait for the next key poll (up to 5 minutes)",
    messageMatches: ["does not have keys", "forbiddenbypolicy", "access policy", "not allowed by vault policy"],
  },
  {
    id: "role-membership-removed",
    action:
      "The Entra ID role assignment or group membership that gave the namespace identity wrap/unwrap on the key was removed",
    code: "403",
    dataState: "inaccessible",
    family: "access-revoked",
    remediation:
      'assign "Key Vault Crypto Service Encryption User" on the key to the namespace identity again, and allow up to 10 minutes for the assignment to propagate',
    messageMatches: ["forbiddenbyrbac", "caller is not authorized to perform action", "role assignment"],
  },
  {
    id: "key-deleted",
    action: "The encryption key was deleted from the vault",
    code: "404",
    dataState: "inaccessible",
    family: "key-or-vault-gone",
    remediation:
      "recover the soft-deleted key (az keyvault key recover); purge protection keeps it recoverable for the vault's retention period",
    messageMatches: ["key not found", "keynotfound"],
  },
  {
    id: "vault-deleted",
    action: "The key vault was deleted",
    code: "404",
    dataState: "inaccessible",
    family: "key-or-vault-gone",
    remediation:
      "recover the soft-deleted vault (az keyvault recover) under its old name, in its old resource group; soft delete keeps it for its retention period",
    messageMatches: ["vault not found", "vaultnotfound", "vault was not found", "could not find vault"],
  },
  {
    id: "key-expired",
    action: "The key's expiry date was moved so that the key is already expired",
    code: "403",
    dataState: "inaccessible",
    family: "key-not-active",
    remediation:
      "set an expiry date in the future on the key version (or rotate to a new version); the binding follows the versionless key id",
    messageMatches: ["expired", "keyexpired"],
  },
  {
    id: "key-not-yet-active",
    action: "The key's activation date (not before) was moved so that the key is not active yet",
    code: "403",
    dataState: "inaccessible",
    family: "key-not-active",
    remediation: "move the key's activation date (not before) to the past, or remove it",
    messageMatches: ["not yet valid", "not yet active", "not before", "nbf"],
  },
  {
    id: "vault-firewall",
    action:
      "The vault firewall, or another network rule, blocks Event Hubs (for example the trusted-services bypass was turned off)",
    code: "403",
    dataState: "inaccessible",
    family: "vault-firewall",
    remediation:
      'set the vault\'s network bypass to "AzureServices" so Event Hubs passes as a trusted Microsoft service, or give it a private path to the vault',
    messageMatches: ["forbiddenbyfirewall", "firewall", "client address is not authorized", "trusted service"],
  },
  {
    id: "vault-moved-tenant",
    action: "The key vault was moved to another Entra ID tenant",
    code: "404",
    dataState: "inaccessible",
    family: "key-or-vault-gone",
    remediation:
      "move the vault back to the namespace's tenant, or update the vault's tenant id and grant the namespace identity again",
    messageMatches: ["tenant", "akv10032", "invalid issuer"],
  },
  {
    id: "transient-outage",
    action: "An intermittent network problem or a DNS, Entra ID or managed identity outage",
    code: "none",
    dataState: "accessible",
    family: "transient-outage",
    remediation:
      "nothing to change: the namespace keeps working from its cached data encryption key; investigate if the errors last longer than an hour",
    messageMatches: [
      "timeout",
      "timed out",
      "dns",
      "name resolution",
      "temporarily unavailable",
      "service unavailable",
      "managed identity",
      "imds",
      "aadsts",
      "connection",
    ],
  },
];

/** What each family means. */
export const KEY_FAILURE_FAMILIES: Readonly<Record<KeyFailureFamily, KeyFailureFamilyInfo>> = {
  "access-revoked": {
    title: "Key permission or role removed",
    code: "403",
    dataState: "inaccessible",
    takesUnmatched: true,
  },
  "key-or-vault-gone": {
    title: "Key or vault deleted or moved",
    code: "404",
    dataState: "inaccessible",
    takesUnmatched: true,
  },
  "key-not-active": {
    title: "Key expired or not yet active",
    code: "403",
    dataState: "inaccessible",
    takesUnmatched: false,
  },
  "vault-firewall": {
    title: "Vault firewall blocks Event Hubs",
    code: "403",
    dataState: "inaccessible",
    takesUnmatched: false,
  },
  "transient-outage": { title: "Transient outage", code: "none", dataState: "accessible", takesUnmatched: false },
};

/** The families that get an alert, in table order. */
export const ALERTED_FAMILIES: readonly AlertedKeyFailureFamily[] = [
  "access-revoked",
  "key-or-vault-gone",
  "key-not-active",
  "vault-firewall",
];

/** The rows of one family, in table order. */
export function rowsOfFamily(family: KeyFailureFamily): KeyErrorRow[] {
  return KEY_ERROR_TABLE.filter((row) => row.family === family);
}

/** The codes the table knows, as they appear in log entries ("" for none). */
export function isKnownCode(code: string): boolean {
  return code === "" || KEY_ERROR_TABLE.some((row) => row.code === code);
}

const tableCode = (code: string): KeyErrorCode | undefined =>
  code === "" ? "none" : KEY_ERROR_TABLE.find((row) => row.code === code)?.code;

/** How a logged error maps onto the table. */
export type KeyErrorMatch =
  /** The message names exactly one row. */
  | { readonly kind: "row"; readonly row: KeyErrorRow }
  /** The code is 403 or 404 but the message names none of its rows: any of `candidates` may be the cause. */
  | { readonly kind: "code"; readonly code: KeyErrorCode; readonly candidates: readonly KeyErrorRow[] }
  /** The entry has no code and its message names no row. */
  | { readonly kind: "unrecognized" }
  /** The code is not in the table. */
  | { readonly kind: "unknown-code"; readonly code: string };

/**
 * Finds the row of the table that a logged error stands for, from its code and message.
 *
 * It never guesses: a code the table does not know is `unknown-code`, an entry without a code
 * whose message names no row is `unrecognized`, and a 403 or 404 whose message names no row
 * lists every row with that code.
 */
export function matchKeyError(code: string, message: string): KeyErrorMatch {
  const known = tableCode(code.trim());
  if (known === undefined) return { kind: "unknown-code", code };
  const text = message.toLowerCase();
  const sameCode = KEY_ERROR_TABLE.filter((row) => row.code === known);
  const named = sameCode.find((row) => row.messageMatches.some((fragment) => text.includes(fragment)));
  if (named) return { kind: "row", row: named };
  return known === "none" ? { kind: "unrecognized" } : { kind: "code", code: known, candidates: sameCode };
}

/** An informational CustomerManagedKeyUserLogs entry (category "info", no code): Event Hubs saw the key change. */
export interface KeyInfoEvent {
  /** The logged operation, lower case. */
  readonly operation: string;
  /** Whether the namespace can use the key after the event. */
  readonly dataState: DataState;
  /** What the event means. */
  readonly meaning: string;
  /** What to do about it. */
  readonly remediation: string;
}

/** The informational operations the documentation names; any other is reported as unknown. */
export const KEY_INFO_EVENTS: readonly KeyInfoEvent[] = [
  {
    operation: "disable",
    dataState: "inaccessible",
    meaning: "The key was disabled in the vault, so Event Hubs can no longer wrap or unwrap with it",
    remediation:
      "enable the key again (az keyvault key set-attributes --enabled true); the namespace stays usable while another bound key is enabled",
  },
  {
    operation: "enable",
    dataState: "accessible",
    meaning: "The key was enabled in the vault and Event Hubs uses it again",
    remediation: "nothing to do",
  },
  {
    operation: "restore",
    dataState: "accessible",
    meaning: "Event Hubs regained access to the key and restored the namespace",
    remediation: "nothing to do",
  },
];

/** The info event for a logged operation, if the table names it. */
export function infoEventFor(operation: string): KeyInfoEvent | undefined {
  return KEY_INFO_EVENTS.find((event) => event.operation === operation.trim().toLowerCase());
}

/**
 * One paragraph on a family: what state the data is in, what may have caused it and what to do.
 *
 * Used as the description of the family's alert.
 */
export function describeFamily(family: KeyFailureFamily): string {
  const info = KEY_FAILURE_FAMILIES[family];
  const rows = rowsOfFamily(family);
  const state =
    info.dataState === "inaccessible"
      ? "The namespace's data is INACCESSIBLE: Event Hubs cannot unwrap its data encryption key."
      : "The namespace's data is still accessible from the cached data encryption key.";
  const causes = rows.map((row) => `${row.action}.`).join(" Or: ");
  const fixes = rows.map((row) => row.remediation).join("; or ");
  const code = info.code === "none" ? "without a code" : `with code ${info.code}`;
  return `${info.title} (CustomerManagedKeyUserLogs errors ${code}). ${state} Cause: ${causes} Fix: ${fixes}.`;
}
