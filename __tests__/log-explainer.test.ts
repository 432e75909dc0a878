import { readFileSync } from "node:fs";
import { join } from "node:path";
import { explainCmkLogs, formatExplanation, formatProblems, parseCmkLogs } from "../src/log-explainer";

const NAMESPACE_ID =
  "/subscriptions/0000/resourceGroups/rg-contoso/providers/Microsoft.EventHub/namespaces/evhns-contoso-byok";

const sample = (name: string) => readFileSync(join(__dirname, "..", "examples", "logs", name), "utf8");

/** One entry as the documentation's schema writes it, with the given changes. */
const entry = (changes: Record<string, unknown> = {}) => ({
  TaskName: "CustomerManagedKeyUserLog",
  ActivityId: "11111111-1111-1111-1111-111111111111",
  category: "error",
  resourceId: NAMESPACE_ID,
  keyVault: "https://kv-contoso-byok.vault.azure.net",
  key: "cmk",
  version: "0123",
  operation: "wrapKey",
  code: "404",
  message: "Key not found: cmk/0123",
  ...changes,
});

const lines = (...entries: object[]) => entries.map((e) => JSON.stringify(e)).join("\n");

describe("parseCmkLogs", () => {
  test("reads JSON lines, with the namespace from the resource id and the vault from its URI", () => {
    const parsed = parseCmkLogs(lines(entry(), entry({ key: "cmk2" })));
    expect(parsed.problems).toEqual([]);
    expect(parsed.format).toBe("json-lines");
    expect(parsed.entries[0]).toMatchObject({
      line: 1,
      namespace: "evhns-contoso-byok",
      keyVault: "kv-contoso-byok",
      key: "cmk",
      level: "error",
      code: "404",
    });
    expect(parsed.entries[1]).toMatchObject({ line: 2, key: "cmk2" });
  });

  test("reads a pretty-printed JSON array and gives each entry the line it starts on", () => {
    const parsed = parseCmkLogs(JSON.stringify([entry(), entry({ key: "cmk2" })], null, 2));
    expect(parsed.format).toBe("json-array");
    expect(parsed.entries.map((e) => e.line)).toEqual([2, 14]);
  });

  test("reads a Log Analytics export with the table's column names", () => {
    const parsed = parseCmkLogs(sample("log-analytics-export.json"));
    expect(parsed.problems).toEqual([]);
    expect(parsed.format).toBe("log-analytics");
    expect(parsed.entries).toHaveLength(7);
    expect(parsed.entries[4]).toMatchObject({ code: "404", key: "cmk", time: "2026-11-30T10:05:00.000Z" });
  });

  test("reads the array of row objects that az monitor log-analytics query prints, with the table's column names", () => {
    const row = {
      TableName: "PrimaryResult",
      TimeGenerated: "2026-11-30T10:05:00Z",
      _ResourceId: NAMESPACE_ID.toLowerCase(),
      Category: "error",
      KeyVault: "https://kv-contoso-byok.vault.azure.net",
      Key: "cmk",
      Version: "0123",
      Operation: "wrapKey",
      StatusCode: "404",
      Message: "Key not found: cmk/0123",
    };
    const parsed = parseCmkLogs(JSON.stringify([row]));
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries[0]).toMatchObject({
      namespace: "evhns-contoso-byok",
      key: "cmk",
      code: "404",
      level: "error",
    });
  });

  test("ignores the byte order mark of a file saved on Windows", () => {
    expect(parseCmkLogs(`\uFEFF${lines(entry())}`).entries).toHaveLength(1);
  });

  test("reads the documentation's time format", () => {
    const parsed = parseCmkLogs(lines(entry({ "Time Generated (UTC) ": "9/28/2022 8:40:06 PM +00:00" })));
    expect(parsed.entries[0].time).toBe("2022-09-28T20:40:06.000Z");
  });

  test("reads a numeric code and an AzureDiagnostics category column", () => {
    const parsed = parseCmkLogs(
      lines(entry({ code: 404, category: "CustomerManagedKeyUserLogs", category_s: "error" })),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries[0]).toMatchObject({ code: "404", level: "error" });
  });

  test("reads an empty file as no entries and no problem", () => {
    expect(parseCmkLogs("\n  \n")).toEqual({ format: "empty", entries: [], problems: [] });
  });

  test("reports every malformed line of the sample with its line number, and returns no entry", () => {
    const parsed = parseCmkLogs(sample("malformed.jsonl"));
    expect(parsed.entries).toEqual([]);
    expect(parsed.problems).toEqual([
      { line: 2, message: "not valid JSON at column 63: a comma is expected" },
      { line: 3, message: 'missing field "key"' },
      { line: 4, message: "not valid JSON at column 1: unexpected character" },
      { line: 5, message: 'field "category" is "warning"; allowed: "error" or "info"' },
      { line: 6, message: "expected an object with the log entry's fields, got an array" },
    ]);
  });

  test("reports the line of a syntax error in a pretty-printed array", () => {
    const text = JSON.stringify([entry(), entry()], null, 2).replace(
      '"key": "cmk",\n    "version"',
      '"key": "cmk"\n    "version"',
    );
    expect(parseCmkLogs(text).problems).toEqual([
      { line: 9, message: "not valid JSON at column 5: a comma is expected" },
    ]);
  });

  test("refuses a resource id that is not a namespace, an empty key, a bad time and another log's task", () => {
    const parsed = parseCmkLogs(
      lines(
        entry({ resourceId: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv" }),
        entry({ key: " " }),
        entry({ time: "yesterday" }),
        entry({ TaskName: "RuntimeAuditLog" }),
      ),
    );
    expect(parsed.problems.map((p) => [p.line, p.message])).toEqual([
      [1, expect.stringContaining("not the id of an Event Hubs namespace")],
      [2, 'field "key" is empty'],
      [3, expect.stringContaining('field "time" is "yesterday"')],
      [4, 'TaskName is "RuntimeAuditLog": not a CustomerManagedKeyUserLogs entry'],
    ]);
  });

  test("refuses a Log Analytics export without rows", () => {
    expect(parseCmkLogs('{"tables": [{"columns": []}]}').problems).toEqual([
      { line: 1, message: "a Log Analytics export needs tables[0].columns (each with a name) and tables[0].rows" },
    ]);
  });
});

describe("explainCmkLogs", () => {
  const explain = (...entries: object[]) => explainCmkLogs(parseCmkLogs(lines(...entries)).entries);

  test("reports a deleted key as inaccessible with the table's cause and fix, and exit code 1", () => {
    const result = explain(entry());
    expect(result.exitCode).toBe(1);
    expect(result.namespaces).toHaveLength(1);
    const [ns] = result.namespaces;
    expect(ns.state).toBe("inaccessible");
    expect(ns.keys[0]).toMatchObject({
      keyVault: "kv-contoso-byok",
      key: "cmk",
      state: "inaccessible",
      cause: "The encryption key was deleted from the vault",
      errorIds: ["key-deleted"],
    });
    expect(ns.keys[0].fix).toContain("az keyvault key recover");
  });

  test("lets the latest entry of a key decide, by time when every entry has one", () => {
    const result = explain(
      entry({ category: "info", operation: "restore", code: "", message: "", time: "2026-11-30T11:00:00Z" }),
      entry({ time: "2026-11-30T10:00:00Z" }),
    );
    expect(result.namespaces[0].keys[0].state).toBe("accessible");
    expect(result.exitCode).toBe(0);
  });

  test("lets the last entry in the file decide when entries have no time", () => {
    const result = explain(entry(), entry({ category: "info", operation: "restore", code: "", message: "" }));
    expect(result.namespaces[0].keys[0]).toMatchObject({ state: "accessible", latest: { line: 2 } });
    expect(result.warnings).toEqual([]);
  });

  test("keeps a namespace accessible while one of its keys is", () => {
    const result = explain(
      entry(),
      entry({ key: "cmk2", category: "info", operation: "restore", code: "", message: "" }),
    );
    expect(result.namespaces[0].keys.map((k) => k.state)).toEqual(["inaccessible", "accessible"]);
    expect(result.namespaces[0].state).toBe("accessible");
    expect(result.exitCode).toBe(0);
  });

  test("reports a code the table does not know as unknown, with a warning naming the line", () => {
    const result = explain(entry({ code: "500", message: "Internal server error" }));
    expect(result.namespaces[0].keys[0]).toMatchObject({
      state: "unknown",
      cause: "code 500 is not in the error table",
    });
    expect(result.warnings).toEqual([
      { line: 1, message: 'code "500" is not in the error table; the key is reported as unknown' },
    ]);
    expect(result.exitCode).toBe(1);
  });

  test("lists every 403 cause when the message names none, and still calls the data inaccessible", () => {
    const key = explain(entry({ code: "403", message: "Forbidden" })).namespaces[0].keys[0];
    expect(key.state).toBe("inaccessible");
    expect(key.errorIds).toEqual([
      "wrap-permission-removed",
      "role-membership-removed",
      "key-expired",
      "key-not-yet-active",
      "vault-firewall",
    ]);
    expect(key.cause).toMatch(/^code 403, but the message names none of its causes; one of: /);
  });

  test("reports an error without a code whose message the table does not know as unknown, not as an outage", () => {
    const result = explain(entry({ code: "", message: "Something odd" }));
    expect(result.namespaces[0].keys[0].state).toBe("unknown");
  });

  test("reports an info entry for an operation the table does not know as unknown", () => {
    const result = explain(entry({ category: "info", operation: "rotate", code: "", message: "" }));
    expect(result.namespaces[0].keys[0].state).toBe("unknown");
    expect(result.warnings[0].message).toContain('info operation "rotate" is not in the table');
  });

  test("has nothing to judge in an empty file, and exits 0", () => {
    expect(explainCmkLogs([])).toEqual({ entries: 0, namespaces: [], warnings: [], exitCode: 0 });
  });

  test("judges the sample: contoso inaccessible (key deleted, firewall), fabrikam accessible again", () => {
    const result = explainCmkLogs(parseCmkLogs(sample("sample.jsonl")).entries);
    expect(result.namespaces.map((n) => [n.namespace, n.state])).toEqual([
      ["EVHNS-CONTOSO-BYOK", "inaccessible"],
      ["EVHNS-FABRIKAM-BYOK", "accessible"],
    ]);
    expect(result.namespaces[0].keys.map((k) => [k.key, k.errorIds])).toEqual([
      ["cmk", ["key-deleted"]],
      ["cmk-secondary", ["vault-firewall"]],
    ]);
  });
});

describe("formatExplanation", () => {
  test("prints the namespace state, each key's state, cause and fix, and what the exit code means", () => {
    const text = formatExplanation("f.jsonl", "json-lines", explainCmkLogs(parseCmkLogs(lines(entry())).entries));
    expect(text).toContain("namespace evhns-contoso-byok: INACCESSIBLE");
    expect(text).toContain("key kv-contoso-byok/cmk (version 0123): inaccessible");
    expect(text).toContain('latest: line 1, error 404 on wrapKey: "Key not found: cmk/0123"');
    expect(text).toContain("cause:  The encryption key was deleted from the vault");
    expect(text).toContain("(exit code 1)");
  });

  test("quotes at most 300 characters of a long message and says how long it was", () => {
    const message = `Key not found: ${"x".repeat(5000)}`;
    const text = formatExplanation(
      "f.jsonl",
      "json-lines",
      explainCmkLogs(parseCmkLogs(lines(entry({ message }))).entries),
    );
    expect(text).toContain(`${message.slice(0, 300)}… (${message.length} characters)`);
    expect(text).not.toContain(message);
  });
});

describe("formatProblems", () => {
  test("lists the first 50 problems and counts the rest", () => {
    const problems = Array.from({ length: 60 }, (_, i) => ({ line: i + 1, message: "not valid JSON" }));
    const text = formatProblems("f.jsonl", problems);
    expect(text).toContain("line 50: not valid JSON");
    expect(text).not.toContain("line 51:");
    expect(text).toContain("…and 10 more (--json lists them all)");
  });

  test("lists every problem when there are 50 or fewer", () => {
    const text = formatProblems("f.jsonl", [{ line: 3, message: 'missing field "key"' }]);
    expect(text).toContain('line 3: missing field "key"');
    expect(text).not.toContain("more");
  });
});
