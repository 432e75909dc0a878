import { getNodeValue, Node, ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { DateTime } from "luxon";
import { z } from "zod";
import { DataState, infoEventFor, KeyErrorId, matchKeyError } from "./error-table";

/** What the log says about a key: the two states of the error table, or unknown when the table cannot tell. */
export type KeyState = DataState | "unknown";

/** How the input file was written. */
export type LogFormat = "json-lines" | "json-array" | "log-analytics" | "json-object" | "empty";

/** One CustomerManagedKeyUserLogs entry, read and checked. */
export interface CmkLogEntry {
  /** Line of the file where the entry starts (1-based). */
  readonly line: number;
  /**
   * When the entry was logged, as ISO 8601.
   * @default - the entry has no time; file order decides which entry is latest
   */
  readonly time?: string;
  /** Azure resource id of the namespace, as logged. */
  readonly namespaceId: string;
  /** Name of the namespace, from its id. */
  readonly namespace: string;
  /** Name of the vault (the host's first label when the entry gives the vault URI). */
  readonly keyVault: string;
  /** Name of the key. */
  readonly key: string;
  /**
   * Key version.
   * @default - not logged
   */
  readonly version?: string;
  /** The operation on the key, e.g. wrapKey. */
  readonly operation: string;
  /** The entry's category: error or info. */
  readonly level: "error" | "info";
  /** The status code, "" when the entry has none. */
  readonly code: string;
  /** The entry's message, "" when it has none. */
  readonly message: string;
}

/** A place in the input that could not be read, or that the table does not cover. */
export interface InputProblem {
  /** Line of the file (1-based). */
  readonly line: number;
  /** What is wrong, in a sentence. */
  readonly message: string;
}

/** The entries of one file, or the reasons it cannot be read. */
export interface ParsedLogs {
  /** How the file was written. */
  readonly format: LogFormat;
  /** The entries, in file order; empty when there are problems. */
  readonly entries: readonly CmkLogEntry[];
  /** Everything wrong with the input; when not empty, nothing should be concluded from the file. */
  readonly problems: readonly InputProblem[];
}

/** The latest state of one key of one namespace. */
export interface KeyVerdict {
  /** Name of the vault. */
  readonly keyVault: string;
  /** Name of the key. */
  readonly key: string;
  /**
   * Key version of the latest entry.
   * @default - not logged
   */
  readonly version?: string;
  /** The state the latest entry leaves the key in. */
  readonly state: KeyState;
  /** The latest entry the state comes from. */
  readonly latest: CmkLogEntry;
  /** What caused the state, from the error table. */
  readonly cause: string;
  /** What to do, from the error table. */
  readonly fix: string;
  /** The rows of the error table that may explain the entry. */
  readonly errorIds: readonly KeyErrorId[];
}

/** The state of one namespace and of each of its keys. */
export interface NamespaceVerdict {
  /** Azure resource id of the namespace, as logged. */
  readonly namespaceId: string;
  /** Name of the namespace. */
  readonly namespace: string;
  /** Accessible while one key is; inaccessible when every logged key is; unknown otherwise. */
  readonly state: KeyState;
  /** The keys seen in the log, by vault and name. */
  readonly keys: readonly KeyVerdict[];
}

/** Exit status of `byok-logs explain`: 0 every namespace accessible, 1 one is inaccessible or unknown, 2 bad input. */
export type ExplainExitCode = 0 | 1 | 2;

/** What a log file says about the namespaces in it. */
export interface Explanation {
  /** How many entries were read. */
  readonly entries: number;
  /** One verdict per namespace, by name. */
  readonly namespaces: readonly NamespaceVerdict[];
  /** Entries the table does not cover (unknown codes, unknown operations), with their lines. */
  readonly warnings: readonly InputProblem[];
  /** 0 when every namespace is accessible (or there is nothing to judge), otherwise 1. */
  readonly exitCode: ExplainExitCode;
}

/** The field names accepted for each field, the seed's schema name first; exports from Log Analytics use the others. */
const FIELD_NAMES = {
  category: ["category", "Category", "category_s", "Level"],
  resourceId: ["resourceId", "ResourceId", "_ResourceId", "NamespaceId"],
  keyVault: ["keyVault", "KeyVault", "keyVault_s"],
  key: ["key", "Key", "key_s"],
  version: ["version", "Version", "KeyVersion", "version_s"],
  operation: ["operation", "Operation", "operation_s"],
  code: ["code", "Code", "StatusCode", "code_s", "code_d"],
  message: ["message", "Message", "message_s"],
  time: ["time", "TimeGenerated", "Time Generated (UTC)", "Time Generated (UTC) ", "TimeGenerated [UTC]"],
  taskName: ["TaskName"],
} as const;

type Field = keyof typeof FIELD_NAMES;

const LEVELS = ["error", "info"];

const NAMESPACE_ID = /\/providers\/microsoft\.eventhub\/namespaces\/([^/]+)/i;

const text = (field: Field) =>
  z.preprocess(
    (v) => (v === null ? "" : typeof v === "number" ? String(v) : v),
    z.string({
      error: (issue) => (issue.input === undefined ? `missing field "${field}"` : `field "${field}" must be a string`),
    }),
  );

const nonEmptyText = (field: Field) => text(field).refine((v) => v.trim().length > 0, `field "${field}" is empty`);

/** The shape of an entry once its field names are the seed's. */
const entrySchema = z
  .object({
    category: text("category").superRefine((v, ctx) => {
      if (!LEVELS.includes(v.toLowerCase())) {
        ctx.addIssue({
          code: "custom",
          message: `field "category" is ${JSON.stringify(v)}; allowed: "error" or "info"`,
        });
      }
    }),
    resourceId: text("resourceId").superRefine((v, ctx) => {
      if (!NAMESPACE_ID.test(v)) {
        ctx.addIssue({
          code: "custom",
          message: `field "resourceId" is ${JSON.stringify(v)}, not the id of an Event Hubs namespace`,
        });
      }
    }),
    keyVault: nonEmptyText("keyVault"),
    key: nonEmptyText("key"),
    version: text("version").optional(),
    operation: text("operation"),
    code: text("code"),
    message: text("message"),
    time: text("time").optional(),
    taskName: text("taskName")
      .optional()
      .superRefine((v, ctx) => {
        if (v !== undefined && !v.toLowerCase().startsWith("customermanagedkeyuserlog")) {
          ctx.addIssue({
            code: "custom",
            message: `TaskName is ${JSON.stringify(v)}: not a CustomerManagedKeyUserLogs entry`,
          });
        }
      }),
  })
  .strip();

/** Picks each field under the first of its accepted names; for category, the first whose value is a level. */
function withSeedNames(record: Record<string, unknown>): Record<Field, unknown> {
  const result = {} as Record<Field, unknown>;
  for (const field of Object.keys(FIELD_NAMES) as Field[]) {
    const present = FIELD_NAMES[field].filter((name) => record[name] !== undefined);
    const level = present.find((name) => LEVELS.includes(String(record[name]).toLowerCase()));
    const chosen = field === "category" ? (level ?? present[0]) : present[0];
    result[field] = chosen === undefined ? undefined : record[chosen];
  }
  return result;
}

const SEED_TIME_FORMAT = "M/d/yyyy h:mm:ss a ZZ";

function parseTime(value: string): DateTime | undefined {
  const iso = DateTime.fromISO(value.trim(), { setZone: true });
  if (iso.isValid) return iso;
  const seed = DateTime.fromFormat(value.trim(), SEED_TIME_FORMAT, { setZone: true, locale: "en-US" });
  return seed.isValid ? seed : undefined;
}

const vaultName = (keyVault: string): string => {
  const host = /^https?:\/\/([^./]+)/i.exec(keyVault.trim());
  return host ? host[1] : keyVault.trim();
};

/** Checks one record and turns it into an entry, or lists what is wrong with it. */
function toEntry(line: number, value: unknown): { entry?: CmkLogEntry; problems: InputProblem[] } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    return { problems: [{ line, message: `expected an object with the log entry's fields, got ${got}` }] };
  }
  const parsed = entrySchema.safeParse(withSeedNames(value as Record<string, unknown>));
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => ({ line, message: issue.message })) };
  const data = parsed.data;
  const time = data.time === undefined || data.time === "" ? undefined : parseTime(data.time);
  if (data.time !== undefined && data.time !== "" && time === undefined) {
    return {
      problems: [
        {
          line,
          message: `field "time" is ${JSON.stringify(data.time)}, not an ISO 8601 or M/d/yyyy h:mm:ss AM +00:00 time`,
        },
      ],
    };
  }
  return {
    problems: [],
    entry: {
      line,
      time: time?.toUTC().toISO() ?? undefined,
      namespaceId: data.resourceId,
      namespace: (NAMESPACE_ID.exec(data.resourceId) as RegExpExecArray)[1],
      keyVault: vaultName(data.keyVault),
      key: data.key.trim(),
      version: data.version === "" ? undefined : data.version,
      operation: data.operation.trim(),
      level: data.category.toLowerCase() as "error" | "info",
      code: data.code.trim(),
      message: data.message,
    },
  };
}

const SYNTAX_ERRORS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: "a property name in double quotes is expected",
  ValueExpected: "a value is expected",
  ColonExpected: "a colon is expected",
  CommaExpected: "a comma is expected",
  CloseBraceExpected: "a closing } is expected",
  CloseBracketExpected: "a closing ] is expected",
  EndOfFileExpected: "more text after the end of the JSON value",
  UnexpectedEndOfString: "a string is not closed",
  InvalidCommentToken: "comments are not JSON",
};

/** Line (1-based) of each offset in the text. */
function lineFinder(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

const STRICT_JSON = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

function syntaxProblems(errors: ParseError[], source: string, lineOf: (offset: number) => number, firstLine = 1) {
  return errors.map((error) => {
    const line = lineOf(error.offset) + firstLine - 1;
    const column = error.offset - source.lastIndexOf("\n", error.offset - 1);
    const what = SYNTAX_ERRORS[printParseErrorCode(error.error)] ?? printParseErrorCode(error.error);
    return { line, message: `not valid JSON at column ${column}: ${what}` };
  });
}

/** The records of a Log Analytics export: `{ tables: [{ columns: [{ name }], rows: [[...]] }] }`. */
function logAnalyticsRecords(root: Node, lineOf: (offset: number) => number) {
  const problems: InputProblem[] = [];
  const records: { line: number; value: unknown }[] = [];
  const table = root.children?.find((p) => p.children?.[0].value === "tables")?.children?.[1]?.children?.[0];
  const part = (name: string) => table?.children?.find((p) => p.children?.[0].value === name)?.children?.[1];
  const columns = part("columns");
  const rows = part("rows");
  const names =
    columns?.type === "array" ? (getNodeValue(columns) as unknown[]).map((c) => (c as { name?: unknown })?.name) : [];
  if (!table || columns?.type !== "array" || rows?.type !== "array" || names.some((n) => typeof n !== "string")) {
    return {
      records,
      problems: [
        {
          line: lineOf(root.offset),
          message: "a Log Analytics export needs tables[0].columns (each with a name) and tables[0].rows",
        },
      ],
    };
  }
  for (const row of rows.children ?? []) {
    const line = lineOf(row.offset);
    if (row.type !== "array" || (row.children ?? []).length !== names.length) {
      problems.push({ line, message: `a row must be an array of ${names.length} values, one per column` });
      continue;
    }
    const values = getNodeValue(row) as unknown[];
    records.push({ line, value: Object.fromEntries(names.map((name, i) => [name as string, values[i]])) });
  }
  return { records, problems };
}

/** The records of a file, each with its line, before their fields are checked. */
function recordsOf(source: string): {
  format: LogFormat;
  records: { line: number; value: unknown }[];
  problems: InputProblem[];
} {
  const lineOf = lineFinder(source);
  const firstLine = source.split("\n").find((l) => l.trim().length > 0) ?? "";
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, STRICT_JSON);
  const firstLineIsJson = (() => {
    const lineErrors: ParseError[] = [];
    parseTree(firstLine, lineErrors, STRICT_JSON);
    return lineErrors.length === 0;
  })();

  if (errors.length === 0 && root) {
    if (root.type === "array") {
      const records = (root.children ?? []).map((child) => ({
        line: lineOf(child.offset),
        value: getNodeValue(child),
      }));
      return { format: "json-array", records, problems: [] };
    }
    if (root.type === "object" && root.children?.some((p) => p.children?.[0].value === "tables")) {
      return { format: "log-analytics", ...logAnalyticsRecords(root, lineOf) };
    }
    return { format: "json-object", records: [{ line: lineOf(root.offset), value: getNodeValue(root) }], problems: [] };
  }
  if (source.trimStart().startsWith("[") || !firstLineIsJson) {
    // One document (an array, or an object spread over lines): its first syntax error says where it breaks.
    return { format: "json-array", records: [], problems: syntaxProblems(errors.slice(0, 1), source, lineOf) };
  }

  const records: { line: number; value: unknown }[] = [];
  const problems: InputProblem[] = [];
  source.split("\n").forEach((raw, index) => {
    if (raw.trim().length === 0) return;
    const lineErrors: ParseError[] = [];
    const node = parseTree(raw, lineErrors, STRICT_JSON);
    if (lineErrors.length > 0 || !node) {
      problems.push(...syntaxProblems(lineErrors.slice(0, 1), raw, () => index + 1));
    } else {
      records.push({ line: index + 1, value: getNodeValue(node) });
    }
  });
  return { format: "json-lines", records, problems };
}

/**
 * Reads exported CustomerManagedKeyUserLogs entries: JSON lines, a JSON array, a single object
 * or a Log Analytics export. Field names are the documented schema's (TaskName, ActivityId,
 * category, resourceId, keyVault, key, version, operation, code, message); the column names of
 * the AZMSCustomerManagedKeyUserLogs and AzureDiagnostics tables are accepted too.
 *
 * Every problem is reported with its line; when there is one, no entry is returned, because a
 * partly read file could hide the latest state of a key.
 */
export function parseCmkLogs(input: string): ParsedLogs {
  // Exports saved on Windows often start with a byte order mark, which is not JSON.
  const source = input.replace(/^\uFEFF/, "");
  if (source.trim().length === 0) return { format: "empty", entries: [], problems: [] };
  const { format, records, problems } = recordsOf(source);
  const entries: CmkLogEntry[] = [];
  const all = [...problems];
  for (const record of records) {
    const result = toEntry(record.line, record.value);
    all.push(...result.problems);
    if (result.entry) entries.push(result.entry);
  }
  all.sort((a, b) => a.line - b.line);
  return all.length > 0 ? { format, entries: [], problems: all } : { format, entries, problems: [] };
}

/** The state, cause and fix one entry gives its key, and a warning when the table does not cover it. */
function judge(entry: CmkLogEntry): Omit<KeyVerdict, "keyVault" | "key" | "version" | "latest"> & { warning?: string } {
  if (entry.level === "info" && entry.code === "") {
    const event = infoEventFor(entry.operation);
    if (event) return { state: event.dataState, cause: event.meaning, fix: event.remediation, errorIds: [] };
    return {
      state: "unknown",
      cause: `an info entry for operation ${JSON.stringify(entry.operation)}, which the table does not cover`,
      fix: "read the entry's message; the tool does not guess",
      errorIds: [],
      warning: `info operation ${JSON.stringify(entry.operation)} is not in the table; the key is reported as unknown`,
    };
  }
  const match = matchKeyError(entry.code, entry.message);
  switch (match.kind) {
    case "row":
      return {
        state: match.row.dataState,
        cause: match.row.action,
        fix: match.row.remediation,
        errorIds: [match.row.id],
      };
    case "code": {
      const states = new Set(match.candidates.map((row) => row.dataState));
      return {
        state: states.size === 1 ? match.candidates[0].dataState : "unknown",
        cause: `code ${match.code}, but the message names none of its causes; one of: ${match.candidates.map((row) => row.action).join("; ")}`,
        fix: `check each in turn: ${match.candidates.map((row) => row.remediation).join("; ")}`,
        errorIds: match.candidates.map((row) => row.id),
      };
    }
    case "unrecognized":
      return {
        state: "unknown",
        cause: "an error without a code whose message names no cause in the table",
        fix: "read the entry's message; the tool does not guess",
        errorIds: [],
        warning: "error without a code and with a message the table does not know; the key is reported as unknown",
      };
    case "unknown-code":
      return {
        state: "unknown",
        cause: `code ${match.code} is not in the error table`,
        fix: "look the code up in the Key Vault documentation; the tool does not guess",
        errorIds: [],
        warning: `code ${JSON.stringify(match.code)} is not in the error table; the key is reported as unknown`,
      };
  }
}

const namespaceState = (keys: readonly KeyVerdict[]): KeyState => {
  if (keys.some((k) => k.state === "accessible")) return "accessible";
  return keys.some((k) => k.state === "unknown") ? "unknown" : "inaccessible";
};

/**
 * The latest state of every namespace and key in the entries.
 *
 * The latest entry of a key is the one with the latest time when every entry has a time,
 * otherwise the last one in the file. A namespace is accessible while one of its logged keys is.
 */
export function explainCmkLogs(entries: readonly CmkLogEntry[]): Explanation {
  const warnings: InputProblem[] = [];
  const timed = entries.length > 0 && entries.every((e) => e.time !== undefined);
  const ordered = [...entries].sort((a, b) =>
    timed && a.time !== b.time
      ? DateTime.fromISO(a.time!).toMillis() - DateTime.fromISO(b.time!).toMillis()
      : a.line - b.line,
  );
  const untimed = entries.find((e) => e.time === undefined);
  if (!timed && untimed && entries.some((e) => e.time !== undefined)) {
    warnings.push({
      line: untimed.line,
      message: "this entry has no time, so the latest entry of each key is the last in the file",
    });
  }

  const latest = new Map<string, CmkLogEntry>();
  for (const entry of ordered) {
    latest.set([entry.namespaceId, entry.keyVault, entry.key].join("|").toLowerCase(), entry);
  }

  const byNamespace = new Map<string, { namespaceId: string; namespace: string; keys: KeyVerdict[] }>();
  for (const entry of [...latest.values()].sort((a, b) => a.line - b.line)) {
    const { warning, ...verdict } = judge(entry);
    if (warning) warnings.push({ line: entry.line, message: warning });
    const id = entry.namespaceId.toLowerCase();
    const group = byNamespace.get(id) ?? { namespaceId: entry.namespaceId, namespace: entry.namespace, keys: [] };
    group.keys.push({ keyVault: entry.keyVault, key: entry.key, version: entry.version, latest: entry, ...verdict });
    byNamespace.set(id, group);
  }

  const namespaces = [...byNamespace.values()]
    .map((group) => ({ ...group, state: namespaceState(group.keys) }))
    .sort((a, b) => a.namespace.localeCompare(b.namespace));
  warnings.sort((a, b) => a.line - b.line);
  const exitCode = namespaces.every((n) => n.state === "accessible") ? 0 : 1;
  return { entries: entries.length, namespaces, warnings, exitCode };
}

/** How much of a log message the text report quotes; --json keeps it whole. */
const QUOTED_MESSAGE_LENGTH = 300;

/** How many input problems the text report lists; --json lists them all. */
const LISTED_PROBLEMS = 50;

const describeLatest = (entry: CmkLogEntry): string => {
  const when = entry.time ? `, ${entry.time}` : "";
  const code = entry.code === "" ? "" : ` ${entry.code}`;
  const quoted =
    entry.message.length > QUOTED_MESSAGE_LENGTH
      ? `${entry.message.slice(0, QUOTED_MESSAGE_LENGTH)}… (${entry.message.length} characters)`
      : entry.message;
  const message = entry.message === "" ? "" : `: ${JSON.stringify(quoted)}`;
  return `line ${entry.line}${when}, ${entry.level}${code} on ${entry.operation || "(no operation)"}${message}`;
};

/** The explanation as text for a terminal. */
export function formatExplanation(source: string, format: LogFormat, explanation: Explanation): string {
  const lines: string[] = [];
  if (explanation.entries === 0) {
    lines.push(`${source}: no CustomerManagedKeyUserLogs entries, so no key error was logged.`);
  } else {
    const count = `${explanation.entries} entr${explanation.entries === 1 ? "y" : "ies"}`;
    lines.push(`${source}: ${count} (${format}); the latest entry of each key decides its state.`);
  }
  for (const ns of explanation.namespaces) {
    lines.push("", `namespace ${ns.namespace}: ${ns.state.toUpperCase()}`, `  ${ns.namespaceId}`);
    for (const key of ns.keys) {
      lines.push(
        `  key ${key.keyVault}/${key.key}${key.version ? ` (version ${key.version})` : ""}: ${key.state}`,
        `    latest: ${describeLatest(key.latest)}`,
        `    cause:  ${key.cause}`,
        `    fix:    ${key.fix}`,
      );
    }
  }
  if (explanation.warnings.length > 0) {
    lines.push("", "Not covered by the error table:");
    for (const w of explanation.warnings) lines.push(`  line ${w.line}: ${w.message}`);
  }
  lines.push(
    "",
    explanation.namespaces.length === 0
      ? "No namespace to judge (exit code 0)."
      : explanation.exitCode === 0
        ? "Every namespace in the file is accessible (exit code 0)."
        : "At least one namespace is inaccessible or in an unknown state (exit code 1).",
  );
  return `${lines.join("\n")}\n`;
}

/** The input problems as text for a terminal. */
export function formatProblems(source: string, problems: readonly InputProblem[]): string {
  const lines = [`${source}: cannot be explained, ${problems.length} problem${problems.length === 1 ? "" : "s"}:`];
  for (const p of problems.slice(0, LISTED_PROBLEMS)) lines.push(`  line ${p.line}: ${p.message}`);
  if (problems.length > LISTED_PROBLEMS)
    lines.push(`  …and ${problems.length - LISTED_PROBLEMS} more (--json lists them all)`);
  lines.push("Nothing is concluded from a file that is not fully read (exit code 2).");
  return `${lines.join("\n")}\n`;
}
