import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { LandingZoneConfigError, loadLandingZoneConfig, parseLandingZoneConfig } from "../../app/config";

const minimal = () => ({
  vaults: [{ name: "kv-a", resourceGroupName: "rg", location: "westeurope" }],
  namespaces: [{ name: "evhns-a", resourceGroupName: "rg", location: "westeurope", key: "kv-a" }],
});

function problemsOf(data: unknown): readonly string[] {
  try {
    parseLandingZoneConfig(data);
  } catch (error) {
    if (error instanceof LandingZoneConfigError) return error.problems;
    throw error;
  }
  throw new Error("the config was accepted");
}

function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "byok-config-")), name);
  writeFileSync(path, text);
  return path;
}

describe("landing-zone config", () => {
  test("accepts a minimal config of one vault and one namespace", () => {
    expect(parseLandingZoneConfig(minimal()).namespaces[0].key).toBe("kv-a");
  });

  test("reads the shipped small and 20-namespace examples", () => {
    expect(loadLandingZoneConfig("examples/landing-zone-small.yaml").namespaces).toHaveLength(1);
    const big = loadLandingZoneConfig("examples/landing-zone-20.yaml");
    expect(big.namespaces).toHaveLength(20);
    expect(new Set(big.namespaces.map((n) => n.location))).toEqual(new Set(["westeurope", "northeurope"]));
    expect(big.namespaces.filter((n) => n.geoDr)).toHaveLength(1);
    expect(big.backend?.azurerm.storageAccountName).toBe("stcontosotfstate");
  });

  test("reads the same config from JSON and from YAML", () => {
    const json = loadLandingZoneConfig(writeTemp("lz.json", JSON.stringify(minimal())));
    const yaml = loadLandingZoneConfig(
      writeTemp(
        "lz.yml",
        [
          "vaults:",
          "  - { name: kv-a, resourceGroupName: rg, location: westeurope }",
          "namespaces:",
          "  - { name: evhns-a, resourceGroupName: rg, location: westeurope, key: kv-a }",
        ].join("\n"),
      ),
    );
    expect(yaml).toEqual(json);
  });

  test("points at the path of a value of the wrong type", () => {
    const data = minimal();
    const namespaces = [0, 1, 2, 3].map((i) => ({ ...data.namespaces[0], name: `evhns-${i}` })) as unknown[];
    namespaces[3] = { ...(namespaces[3] as object), name: 42 };
    expect(problemsOf({ ...data, namespaces })).toEqual([
      "namespaces[3].name: Invalid input: expected string, received number",
    ]);
  });

  test("points at a nested value outside its closed set", () => {
    const data = minimal();
    const vault = { ...data.vaults[0], key: { type: "EC" } };
    expect(problemsOf({ ...data, vaults: [vault] })).toEqual([
      'vaults[0].key.type: Invalid option: expected one of "RSA"|"RSA-HSM"',
    ]);
  });

  test("refuses unknown keys, naming each one with its path", () => {
    const data = minimal();
    const namespace = { ...data.namespaces[0], tier: "premium", eventHubs: [{ name: "orders", partitions: 4 }] };
    expect(problemsOf({ ...data, namespaces: [namespace], extra: true })).toEqual([
      "namespaces[0].eventHubs[0].partitions: unknown key; remove it or check its spelling",
      "namespaces[0].tier: unknown key; remove it or check its spelling",
      "extra: unknown key; remove it or check its spelling",
    ]);
  });

  test("refuses duplicate names of namespaces, of keys across vaults and existing keys, and of event hubs", () => {
    const data = minimal();
    const ns = data.namespaces[0];
    expect(
      problemsOf({
        vaults: data.vaults,
        existingKeys: [
          {
            name: "kv-a",
            keyVaultId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-central",
            keyName: "cmk",
            permissionModel: "rbac",
          },
        ],
        namespaces: [ns, { ...ns, eventHubs: [{ name: "orders" }, { name: "orders" }] }],
      }),
    ).toEqual([
      'existingKeys[0].name: duplicate name "kv-a", first used at vaults[0].name',
      'namespaces[1].name: duplicate name "evhns-a", first used at namespaces[0].name',
      'namespaces[1].eventHubs[1].name: duplicate event hub name "orders"',
    ]);
  });

  test("refuses a reference to a key that no vault or existing key names", () => {
    const data = minimal();
    const namespace = { ...data.namespaces[0], key: "kv-b", additionalKeys: ["kv-a", "kv-c"] };
    expect(problemsOf({ ...data, namespaces: [namespace] })).toEqual([
      'namespaces[0].key: no vault or existing key named "kv-b"; known: "kv-a"',
      'namespaces[0].additionalKeys[1]: no vault or existing key named "kv-c"; known: "kv-a"',
    ]);
  });

  test("refuses a Geo-DR secondary that does not exist, is the namespace itself, or holds event hubs", () => {
    const ns = minimal().namespaces[0];
    const problems = problemsOf({
      ...minimal(),
      namespaces: [
        { ...ns, name: "evhns-a", geoDr: { secondary: "evhns-x", alias: "alias-a" } },
        { ...ns, name: "evhns-b", geoDr: { secondary: "evhns-b", alias: "alias-b" } },
        { ...ns, name: "evhns-c", geoDr: { secondary: "evhns-d", alias: "alias-c" } },
        { ...ns, name: "evhns-d", eventHubs: [{ name: "orders" }] },
      ],
    });
    expect(problems).toEqual([
      'namespaces[0].geoDr.secondary: no namespace named "evhns-x"',
      "namespaces[1].geoDr.secondary: a namespace cannot be its own Geo-DR secondary",
      'namespaces[3].eventHubs: the Geo-DR secondary of "evhns-c" must have no event hubs: they replicate from the primary',
    ]);
  });

  test("refuses an identity, a cluster or diagnostics that give both or neither of their alternatives", () => {
    const ns = minimal().namespaces[0];
    expect(
      problemsOf({
        ...minimal(),
        namespaces: [
          {
            ...ns,
            identity: { type: "UserAssigned", id: "/subscriptions/0/id" },
            cluster: { name: "evhc-a", id: "/subscriptions/0/cluster" },
          },
        ],
        diagnostics: {},
      }),
    ).toEqual([
      "namespaces[0].cluster: give exactly one of name (a cluster to create) and id (an existing cluster)",
      "namespaces[0].identity: a UserAssigned identity needs either name (an identity to create) or id and principalId (an existing one)",
      "diagnostics: give exactly one of logAnalyticsWorkspaceId (an existing workspace) and createWorkspace",
    ]);
  });

  test("refuses a config with no namespaces", () => {
    expect(problemsOf({ vaults: minimal().vaults, namespaces: [] })).toEqual([
      "namespaces: Too small: expected array to have >=1 items",
    ]);
  });

  test("names the file and the line of a YAML syntax error", () => {
    const path = writeTemp("broken.yaml", "namespaces:\n  - name: [evhns-a\n");
    expect(() => loadLandingZoneConfig(path)).toThrow(
      new RegExp(`^${path}: 1 problem[\\s\\S]*\\(file\\):[\\s\\S]*line`),
    );
  });

  test("refuses a file that is neither JSON nor YAML", () => {
    expect(() => loadLandingZoneConfig(writeTemp("lz.toml", ""))).toThrow(
      /\(file\): unknown extension "\.toml"; use \.json, \.yaml or \.yml/,
    );
  });

  test("points at a backend field that is missing", () => {
    const backend = { azurerm: { resourceGroupName: "rg", storageAccountName: "st", containerName: "tfstate" } };
    expect(problemsOf({ ...minimal(), backend })).toEqual([
      "backend.azurerm.key: Invalid input: expected string, received undefined",
    ]);
  });

  test("accepts a backend of resource group, storage account, container and key", () => {
    const backend = { azurerm: { resourceGroupName: "rg", storageAccountName: "st", containerName: "c", key: "k" } };
    expect(parseLandingZoneConfig({ ...minimal(), backend }).backend).toEqual(backend);
  });

  test("refuses credentials in the backend block: they come from the environment", () => {
    const backend = {
      azurerm: { resourceGroupName: "rg", storageAccountName: "st", containerName: "c", key: "k", accessKey: "secret" },
    };
    expect(problemsOf({ ...minimal(), backend })).toEqual([
      "backend.azurerm.accessKey: unknown key; remove it or check its spelling",
    ]);
  });
});
