import { spawnSync } from "child_process";
import { App } from "cdktf";
import { mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { loadLandingZoneConfig } from "../app/config";
import { ByokExampleStack } from "../app/example-stack";
import { LandingZoneStack } from "../app/landing-zone-stack";
import { settingsFromEnv } from "../app/settings";
import { CRYPTO_SERVICE_ENCRYPTION_USER_ROLE } from "../src";

/**
 * Synthesizes as `cdktf synth --hcl` does and returns the stack's cdk.tf.
 *
 * The CLI sets SYNTH_HCL_OUTPUT=true for the app. In cdktf 0.21 the App option `hclOutput`
 * alone only renames the file: each stack reads the variable when it is constructed.
 */
function synthHcl(build: (app: App) => { node: { id: string } }): string {
  const outdir = mkdtempSync(join(tmpdir(), "byok-hcl-"));
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = "true";
  try {
    const app = new App({ hclOutput: true, outdir });
    const stack = build(app);
    app.synth();
    return readFileSync(join(outdir, "stacks", stack.node.id, "cdk.tf"), "utf8");
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
}

/** The body of every `resource "<type>" "<name>"` block, by name. */
function blocks(hcl: string, type: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of hcl.matchAll(new RegExp(`^resource "${type}" "([^"]+)" \\{\\n([\\s\\S]*?)\\n\\}$`, "gm"))) {
    found.set(match[1], match[2]);
  }
  return found;
}

const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" });
const withTerraform = terraform.status === 0 ? test : test.skip;

describe("HCL output (cdktf synth --hcl)", () => {
  const hcl = synthHcl((app) => new ByokExampleStack(app, settingsFromEnv({})));

  test("holds the namespace, bound to the versionless key id after the grant's wait", () => {
    const [[namespace]] = [...blocks(hcl, "azurerm_eventhub_namespace")];
    const [binding] = [...blocks(hcl, "azurerm_eventhub_namespace_customer_managed_key").values()];
    const [[key]] = [...blocks(hcl, "azurerm_key_vault_key")];
    expect(binding).toContain(`eventhub_namespace_id = "\${azurerm_eventhub_namespace.${namespace}.id}"`);
    expect(binding).toContain(`key_vault_key_ids = [\n"\${azurerm_key_vault_key.${key}.versionless_id}"\n]`);
    expect(binding).toMatch(/depends_on = \[\n"time_sleep\.vault_grant-[0-9a-f]{8}-wait_[0-9A-F]{8}",\n\]/);
  });

  test("holds the grant to the namespace identity and the wait that follows it", () => {
    const [[namespace]] = [...blocks(hcl, "azurerm_eventhub_namespace")];
    const grants = [...blocks(hcl, "azurerm_role_assignment")].filter(([name]) => /^vault_grant-/.test(name));
    expect(grants).toHaveLength(1);
    const [grantName, grant] = grants[0];
    expect(grant).toContain(`role_definition_name = "${CRYPTO_SERVICE_ENCRYPTION_USER_ROLE}"`);
    expect(grant).toContain(`principal_id = "\${azurerm_eventhub_namespace.${namespace}.identity[0].principal_id}"`);
    const waits = [...blocks(hcl, "time_sleep").values()].filter((w) =>
      w.includes(`azurerm_role_assignment.${grantName}`),
    );
    expect(waits).toHaveLength(1);
    expect(waits[0]).toContain('create_duration = "60s"');
  });

  test("creates the event hubs after the binding", () => {
    const [[binding]] = [...blocks(hcl, "azurerm_eventhub_namespace_customer_managed_key")];
    const hubs = [...blocks(hcl, "azurerm_eventhub").values()];
    expect(hubs).toHaveLength(2);
    hubs.forEach((hub) => expect(hub).toContain(`"azurerm_eventhub_namespace_customer_managed_key.${binding}"`));
  });

  test("writes no empty nested blocks, which Terraform would read as blocks missing their required fields", () => {
    expect(hcl).not.toMatch(/^\s*\w+ \{\s*\}$/m);
  });

  withTerraform("parses as Terraform configuration (terraform fmt)", () => {
    const landingZone = synthHcl(
      (app) => new LandingZoneStack(app, loadLandingZoneConfig("examples/landing-zone-20.yaml")),
    );
    expect(blocks(landingZone, "azurerm_eventhub_namespace_disaster_recovery_config").size).toBe(1);
    expect(blocks(landingZone, "azurerm_eventhub_namespace_customer_managed_key").size).toBe(20);
    for (const text of [hcl, landingZone]) {
      const fmt = spawnSync("terraform", ["fmt", "-no-color", "-"], { input: text, encoding: "utf8" });
      expect(fmt.stderr).not.toContain("Error");
      expect(fmt.status).toBe(0);
    }
  });
});
