import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KeyErrorId } from "../../src";
import { main } from "../../src/cli/byok-logs";

const ROOT = join(__dirname, "..", "..");

// The bin tests start node with the swc register; on a busy 2-core machine that can take seconds.
jest.setTimeout(30_000);

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `byok-logs` bin as a user would, in a process of its own, from the TypeScript source. */
function byokLogsBin(...args: string[]): CliRun {
  const result = spawnSync(process.execPath, [join(ROOT, "bin", "byok-logs.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the command's main function in this process, with the bin's argv and captured output. */
function byokLogs(...args: string[]): CliRun {
  let stdout = "";
  let stderr = "";
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const status = main(["node", "byok-logs", ...args], {
      out: (text) => (stdout += text),
      err: (text) => (stderr += text),
    });
    return { status, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

const logs = (name: string) => join("examples", "logs", name);

describe("byok-logs explain", () => {
  test.each<[string, KeyErrorId, string, number]>([
    ["permission-removed.jsonl", "wrap-permission-removed", "inaccessible", 1],
    ["role-removed.jsonl", "role-membership-removed", "inaccessible", 1],
    ["key-deleted.jsonl", "key-deleted", "inaccessible", 1],
    ["vault-deleted.jsonl", "vault-deleted", "inaccessible", 1],
    ["key-expired.jsonl", "key-expired", "inaccessible", 1],
    ["key-not-yet-active.jsonl", "key-not-yet-active", "inaccessible", 1],
    ["vault-firewall.jsonl", "vault-firewall", "inaccessible", 1],
    ["vault-moved-tenant.jsonl", "vault-moved-tenant", "inaccessible", 1],
    ["transient-outage.jsonl", "transient-outage", "accessible", 0],
  ])("explains %s as row %s: %s, exit code %i", (file, id, state, status) => {
    const result = byokLogs("explain", logs(file), "--json");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(status);
    const report = JSON.parse(result.stdout);
    expect(report.namespaces).toHaveLength(1);
    expect(report.namespaces[0].state).toBe(state);
    expect(report.namespaces[0].keys[0]).toMatchObject({ state, errorIds: [id] });
    expect(report.exitCode).toBe(status);
  });

  test("prints the mixed sample per namespace and key, with cause and fix, and exits 1", () => {
    const result = byokLogs("explain", logs("sample.jsonl"));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("namespace EVHNS-CONTOSO-BYOK: INACCESSIBLE");
    expect(result.stdout).toContain("key kv-contoso-byok/cmk (version 0123456789abcdef0123456789abcdef): inaccessible");
    expect(result.stdout).toContain("cause:  The encryption key was deleted from the vault");
    expect(result.stdout).toContain("fix:    recover the soft-deleted key");
    expect(result.stdout).toContain("namespace EVHNS-FABRIKAM-BYOK: ACCESSIBLE");
  });

  test("reads the same entries as a JSON array and as a Log Analytics export", () => {
    for (const file of ["sample-array.json", "log-analytics-export.json"]) {
      const result = byokLogs("explain", logs(file), "--json");
      expect(result.status).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.namespaces.map((n: { state: string }) => n.state)).toEqual(["inaccessible", "accessible"]);
    }
  });

  test("reads a disabled key as inaccessible", () => {
    const result = byokLogs("explain", logs("key-disabled.jsonl"));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("key kv-contoso-byok/cmk (version 0123456789abcdef0123456789abcdef): inaccessible");
  });

  test("reports an unknown code as unknown with its line, and exits 1", () => {
    const result = byokLogs("explain", logs("unknown-code.jsonl"));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("namespace EVHNS-CONTOSO-BYOK: UNKNOWN");
    expect(result.stdout).toContain('line 2: code "500" is not in the error table; the key is reported as unknown');
  });

  test("lists every malformed line with its number, without a stack trace, and exits 2", () => {
    const result = byokLogs("explain", logs("malformed.jsonl"));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("examples/logs/malformed.jsonl: cannot be explained, 5 problems:");
    expect(result.stderr).toContain("line 2: not valid JSON at column 63: a comma is expected");
    expect(result.stderr).toContain('line 3: missing field "key"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("gives the problems as JSON with --json, and exits 2", () => {
    const result = byokLogs("explain", logs("malformed.jsonl"), "--json");
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout).problems).toHaveLength(5);
  });

  test("has nothing to judge in an empty file, and exits 0", () => {
    const result = byokLogs("explain", logs("empty.jsonl"));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("no CustomerManagedKeyUserLogs entries");
  });

  test("says a missing file cannot be read, and exits 2", () => {
    const result = byokLogs("explain", logs("absent.jsonl"));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("byok-logs: cannot read examples/logs/absent.jsonl: no such file\n");
  });

  test("exits 2 on a usage error and 0 on --help", () => {
    expect(byokLogs("explain").status).toBe(2);
    expect(byokLogs("frobnicate").status).toBe(2);
    const help = byokLogs("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("explain [options] <file>");
  });
});

describe("the byok-logs bin", () => {
  test("runs from a fresh clone without a build, prints the verdict and exits 1 for an inaccessible namespace", () => {
    const result = byokLogsBin("explain", logs("sample.jsonl"));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("namespace EVHNS-CONTOSO-BYOK: INACCESSIBLE");
    expect(result.stderr).toBe("");
  });

  test("exits 2 on malformed input with the line numbers and no stack trace", () => {
    const result = byokLogsBin("explain", logs("malformed.jsonl"));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("line 2:");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("exits 2 without a stack trace on JSON nested too deep to parse", () => {
    const dir = mkdtempSync(join(tmpdir(), "byok-logs-"));
    const file = join(dir, "deep.json");
    writeFileSync(file, "[".repeat(100_000));
    const result = byokLogsBin("explain", file);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^byok-logs: /m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
