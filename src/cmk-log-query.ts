import { AlertedKeyFailureFamily, KEY_ERROR_TABLE, KEY_FAILURE_FAMILIES, KeyFailureFamily } from "./error-table";

/** The resource-specific table of the CustomerManagedKeyUserLogs category (destination type `Dedicated`). */
export const CMK_LOG_TABLE = "AZMSCustomerManagedKeyUserLogs";

/** A KQL string literal. */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * A KQL expression that yields the namespace's customer-managed key entries with one set of columns,
 * whichever table layout the workspace uses:
 * `TimeGenerated, NamespaceId, KeyVault, Key, KeyVersion, Operation, Level, StatusCode, Message`.
 *
 * The empty datatable keeps the union valid before either table exists (a new workspace has
 * neither until the first entry arrives, and alert creation validates the query). AzureDiagnostics
 * flattens the entry's fields with a type suffix, so `column_ifexists` reads each field whichever
 * columns the workspace has.
 */
export function cmkLogEntries(namespaceId: string): string {
  const diagnostic = (field: string) => `tostring(column_ifexists(${kqlString(`${field}_s`)}, ""))`;
  return [
    "union isfuzzy=true",
    "    (datatable(TimeGenerated: datetime, NamespaceId: string, KeyVault: string, Key: string, KeyVersion: string, Operation: string, Level: string, StatusCode: string, Message: string)[]),",
    `    (${CMK_LOG_TABLE}`,
    "        | project TimeGenerated, NamespaceId = _ResourceId, KeyVault, Key, KeyVersion = Version, Operation, Level = tolower(Category), StatusCode = tostring(StatusCode), Message),",
    "    (AzureDiagnostics",
    `        | where Category == "CustomerManagedKeyUserLogs" or isnotempty(${diagnostic("key")})`,
    `        | project TimeGenerated, NamespaceId = _ResourceId, KeyVault = ${diagnostic("keyVault")}, Key = ${diagnostic("key")}, KeyVersion = ${diagnostic("version")}, Operation = ${diagnostic("operation")},`,
    `            Level = tolower(coalesce(${diagnostic("category")}, iff(Category in~ ("error", "info"), Category, ""))),`,
    `            StatusCode = coalesce(${diagnostic("code")}, tostring(toint(column_ifexists("code_d", real(null))))), Message = ${diagnostic("message")})`,
    `| where NamespaceId =~ ${kqlString(namespaceId)}`,
  ].join("\n");
}

const anyFragment = (fragments: readonly string[]): string =>
  fragments.map((fragment) => `Message contains ${kqlString(fragment)}`).join(" or ");

const fragmentsOf = (families: readonly KeyFailureFamily[]): string[] =>
  KEY_ERROR_TABLE.filter((row) => families.includes(row.family)).flatMap((row) => row.messageMatches);

/**
 * The condition on `Message` that picks one family's entries among those with the same code.
 *
 * A family alone with its code needs none; the family that takes unmatched entries takes every
 * message the other families of its code do not name; any other family takes the messages its
 * rows name.
 */
function messageCondition(family: KeyFailureFamily): string | undefined {
  const info = KEY_FAILURE_FAMILIES[family];
  const others = (Object.keys(KEY_FAILURE_FAMILIES) as KeyFailureFamily[]).filter(
    (other) => other !== family && KEY_FAILURE_FAMILIES[other].code === info.code,
  );
  if (others.length === 0) return undefined;
  if (info.takesUnmatched) return `not(${anyFragment(fragmentsOf(others))})`;
  return `(${anyFragment(fragmentsOf([family]))})`;
}

/**
 * The KQL of the alert for one family of key errors: the namespace's error entries with the
 * family's code whose message names the family (see {@link KEY_ERROR_TABLE}).
 */
export function keyErrorAlertQuery(family: AlertedKeyFailureFamily, namespaceId: string): string {
  const info = KEY_FAILURE_FAMILIES[family];
  const lines = [
    cmkLogEntries(namespaceId),
    '| where Level == "error"',
    `| where StatusCode == ${kqlString(info.code)}`,
  ];
  const condition = messageCondition(family);
  if (condition) lines.push(`| where ${condition}`);
  lines.push("| project TimeGenerated, NamespaceId, KeyVault, Key, KeyVersion, Operation, StatusCode, Message");
  return lines.join("\n");
}
