import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "..");

/** Runs main.ts with the app command of cdktf.json, as `cdktf synth` does, with the given environment. */
function runMain(env: Record<string, string>): { status: number | null; stderr: string; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), "byok-main-"));
  // A BYOK_CONFIG set in the shell running the tests must not leak into the default-run test.
  const parentEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "BYOK_CONFIG"));
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "run-app.js")], {
    cwd: ROOT,
    env: { ...parentEnv, CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr, outdir };
}

const stackJson = (outdir: string, stack: string) =>
  JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
    resource: Record<string, Record<string, unknown>>;
  };

describe("main.ts", () => {
  jest.setTimeout(60_000);

  test("synthesizes the example stack from BYOK_* variables when BYOK_CONFIG is not set", () => {
    const { status, outdir } = runMain({ BYOK_PREFIX: "fabrikam" });
    expect(status).toBe(0);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["byok-eventhubs"]);
    const json = stackJson(outdir, "byok-eventhubs");
    expect(Object.values(json.resource.azurerm_eventhub_namespace).map((n) => (n as { name: string }).name)).toEqual([
      "evhns-fabrikam-byok",
    ]);
  });

  test("synthesizes the landing zone a BYOK_CONFIG file describes", () => {
    const { status, outdir } = runMain({ BYOK_CONFIG: "examples/landing-zone-small.yaml" });
    expect(status).toBe(0);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["byok-small"]);
    expect(
      Object.keys(stackJson(outdir, "byok-small").resource.azurerm_eventhub_namespace_customer_managed_key),
    ).toHaveLength(1);
  });

  test("writes HCL when run as `cdktf synth --hcl` runs it (SYNTH_HCL_OUTPUT=true)", () => {
    const { status, outdir } = runMain({ SYNTH_HCL_OUTPUT: "true" });
    expect(status).toBe(0);
    const hcl = readFileSync(join(outdir, "stacks", "byok-eventhubs", "cdk.tf"), "utf8");
    expect(hcl).toMatch(/^resource "azurerm_eventhub_namespace_customer_managed_key" "[^"]+" \{$/m);
    expect(hcl).toMatch(/^resource "time_sleep" "vault_grant-[0-9a-f]{8}-wait_[0-9A-F]{8}" \{$/m);
  });

  test("fails with the path in the file when the BYOK_CONFIG file has a mistake", () => {
    const dir = mkdtempSync(join(tmpdir(), "byok-bad-"));
    const path = join(dir, "lz.json");
    writeFileSync(path, JSON.stringify({ namespaces: [{ name: "evhns-a", location: "westeurope" }] }));
    const { status, stderr, outdir } = runMain({ BYOK_CONFIG: path });
    expect(status).not.toBe(0);
    expect(stderr).toContain("namespaces[0].resourceGroupName: Invalid input: expected string, received undefined");
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(outdir, "stacks", "byok-landing-zone"))).toBe(false);
  });
});
