/**
 * Slow (about 10-20 s): packs this package with `npm pack`, installs the tarball into a fresh
 * consumer project with no network, and synthesizes the consumer's own stack.
 */
import { execFileSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";

const repo = resolve(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
  peerDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};

/** The peers and dependencies, linked from this repository so the install needs neither network nor cache. */
const linked = [...Object.keys(manifest.peerDependencies), ...Object.keys(manifest.dependencies)];

const consumerStack = `
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ByokDiagnostics, CmkNamespace, IByokKey, KeyVaultWithProtection, safeKeyVaultFeatures } from "eventhubs-byok-constructs";

class LandingZone extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, "azurerm", { features: [{ keyVault: [safeKeyVaultFeatures()] }] });
    const vault = new KeyVaultWithProtection(this, "vault", {
      name: "kv-consumer-byok",
      resourceGroupName: "rg-consumer",
      location: "westeurope",
      network: { ipRules: ["203.0.113.10"] },
    });
    const central: IByokKey = KeyVaultWithProtection.fromExistingKey(this, "central", {
      keyVaultId: "/subscriptions/0/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-central",
      keyName: "cmk",
      permissionModel: "rbac",
    });
    const namespace = new CmkNamespace(this, "namespace", {
      name: "evhns-consumer-byok",
      resourceGroupName: "rg-consumer",
      location: "westeurope",
      key: vault,
      additionalKeys: [central],
    });
    namespace.addEventHub("orders");
    new ByokDiagnostics(this, "diagnostics", { namespace, logAnalyticsWorkspaceId: "/subscriptions/0/ws" });
  }
}

const app = new App();
new LandingZone(app, "consumer");
app.synth();
`;

const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string =>
  execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });

describe("the packed package (slow: npm pack, offline install, synth)", () => {
  jest.setTimeout(90_000);

  test("installs from its tarball into a consumer project whose own stack synthesizes the BYOK chain", () => {
    const work = mkdtempSync(join(tmpdir(), "byok-pack-"));
    const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], repo)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const packedFiles = packed.files.map((f) => f.path);
    expect(packedFiles).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "package.json"]));
    expect(
      packedFiles.filter((f) => !f.startsWith("dist/") && f !== "package.json" && !/^(README|LICENSE)/i.test(f)),
    ).toEqual(["bin/byok-logs.js"]);

    const consumer = join(work, "consumer");
    mkdirSync(consumer);
    // Linked peers make the consumer and the package share one cdktf, as a real install would.
    const dependencies = Object.fromEntries([
      ["eventhubs-byok-constructs", `file:${join(work, packed.filename)}`],
      ...linked.map((p) => [p, `file:${join(repo, "node_modules", p)}`]),
    ]);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true, dependencies }),
    );
    // npm's resolver fails on linked peers without --legacy-peer-deps; the peers are listed above anyway.
    run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps"], consumer);
    writeFileSync(join(consumer, "main.ts"), consumerStack);

    // Compiling against the packed .d.ts files proves the declarations are usable.
    run(
      join(repo, "node_modules", ".bin", "tsc"),
      ["--strict", "--skipLibCheck", "--module", "commonjs", "--target", "es2022", "--outDir", "out", "main.ts"],
      consumer,
    );
    run("node", ["out/main.js"], consumer, { ...process.env, CDKTF_OUTDIR: join(consumer, "cdktf.out") });

    const json = JSON.parse(readFileSync(join(consumer, "cdktf.out", "stacks", "consumer", "cdk.tf.json"), "utf8"));
    const [binding] = Object.values(json.resource.azurerm_eventhub_namespace_customer_managed_key) as {
      key_vault_key_ids: string[];
      depends_on: string[];
    }[];
    expect(binding.key_vault_key_ids).toEqual([
      expect.stringMatching(/^\$\{azurerm_key_vault_key\.[^.]+\.versionless_id\}$/),
      "https://kv-central.vault.azure.net/keys/cmk",
    ]);
    expect(binding.depends_on).toHaveLength(2);
    expect(Object.keys(json.resource.time_sleep)).toHaveLength(3);
    expect(Object.keys(json.resource.azurerm_eventhub)).toHaveLength(1);
  });
});
