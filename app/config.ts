import { readFileSync } from "fs";
import { extname } from "path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { LIMITS } from "../src";

const name = z.string().min(1);
const tags = z.record(z.string(), z.string());

const rotationPolicy = z.strictObject({
  timeAfterCreation: z.string().optional(),
  timeBeforeExpiry: z.string().optional(),
  expireAfter: z.string().optional(),
  notifyBeforeExpiry: z.string().optional(),
});

const vault = z.strictObject({
  name,
  resourceGroupName: name,
  location: name,
  tenantId: z.string().optional(),
  sku: z.enum(LIMITS.vaultSkus).optional(),
  softDeleteRetentionDays: z.number().int().optional(),
  permissionModel: z.enum(LIMITS.permissionModels).optional(),
  network: z
    .strictObject({
      defaultAction: z.enum(LIMITS.networkDefaultActions).optional(),
      bypass: z.enum(LIMITS.networkBypasses).optional(),
      ipRules: z.array(z.string()).optional(),
    })
    .optional(),
  publicNetworkAccessEnabled: z.boolean().optional(),
  key: z
    .strictObject({
      name: z.string().optional(),
      type: z.enum(LIMITS.keyTypes).optional(),
      size: z.union(LIMITS.keySizes.map((s) => z.literal(s))).optional(),
      rotationPolicy: rotationPolicy.optional(),
    })
    .optional(),
  rbacPropagationDelay: z.string().optional(),
  grantDeployerAccess: z.boolean().optional(),
  preventDestroy: z.boolean().optional(),
  tags: tags.optional(),
});

const existingKey = z.strictObject({
  name,
  keyVaultId: name,
  keyName: name,
  permissionModel: z.enum(LIMITS.permissionModels),
  tenantId: z.string().optional(),
  rbacPropagationDelay: z.string().optional(),
  vaultDnsSuffix: z.enum(LIMITS.vaultDnsSuffixes).optional(),
});

const identity = z.strictObject({
  type: z.enum(["SystemAssigned", "UserAssigned"]),
  name: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  principalId: z.string().min(1).optional(),
});

const eventHub = z.strictObject({
  name,
  partitionCount: z.number().int().optional(),
  messageRetentionDays: z.number().int().optional(),
});

const namespace = z.strictObject({
  name,
  resourceGroupName: name,
  location: name,
  key: name,
  additionalKeys: z.array(name).optional(),
  sku: z.enum(LIMITS.namespaceSkus).optional(),
  capacity: z.number().int().optional(),
  cluster: z
    .strictObject({
      name: z.string().min(1).optional(),
      capacity: z.number().int().optional(),
      id: z.string().min(1).optional(),
    })
    .optional(),
  identity: identity.optional(),
  eventHubs: z.array(eventHub).optional(),
  geoDr: z.strictObject({ secondary: name, alias: name }).optional(),
  infrastructureEncryptionEnabled: z.boolean().optional(),
  preventDestroy: z.boolean().optional(),
  tags: tags.optional(),
});

const diagnostics = z.strictObject({
  name: z.string().optional(),
  logAnalyticsWorkspaceId: z.string().min(1).optional(),
  createWorkspace: z
    .strictObject({
      name,
      resourceGroupName: name,
      location: name,
      retentionInDays: z.number().int().optional(),
    })
    .optional(),
  vaultAuditLogs: z.boolean().optional(),
  alerts: z
    .strictObject({
      severity: z.number().int().optional(),
      actionGroupIds: z.array(z.string()).optional(),
    })
    .optional(),
});

const backend = z.strictObject({
  azurerm: z.strictObject({
    resourceGroupName: name,
    storageAccountName: name,
    containerName: name,
    key: name,
    subscriptionId: z.string().optional(),
    useAzureadAuth: z.boolean().optional(),
  }),
});

const resourceGroup = z.strictObject({ name, location: name, tags: tags.optional() });

const landingZoneShape = z.strictObject({
  stackName: z.string().min(1).optional(),
  backend: backend.optional(),
  defaultTags: tags.optional(),
  resourceGroups: z.array(resourceGroup).optional(),
  vaults: z.array(vault).optional(),
  existingKeys: z.array(existingKey).optional(),
  namespaces: z.array(namespace).min(1),
  diagnostics: diagnostics.optional(),
});

const landingZone = landingZoneShape.superRefine((config, ctx) => checkReferences(config, ctx));

/** A landing-zone config: vaults, existing keys, namespaces, diagnostics and where Terraform keeps its state. */
export type LandingZoneConfig = z.infer<typeof landingZone>;
/** One namespace of a landing-zone config. */
export type NamespaceConfig = LandingZoneConfig["namespaces"][number];
/** One new vault of a landing-zone config. */
export type VaultConfig = NonNullable<LandingZoneConfig["vaults"]>[number];

/** A config file Azure-independent checks refused; the message lists each problem with its path in the file. */
export class LandingZoneConfigError extends Error {
  /** Each problem as `path: message`, e.g. `namespaces[3].name: duplicate name "evhns-a"`. */
  public readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    super(`${source}: ${count} in the landing-zone config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "LandingZoneConfigError";
    this.problems = problems;
  }
}

/** Formats a zod issue path as it reads in the file: `namespaces[3].eventHubs[0].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  const text = path
    .map((segment) => (typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`))
    .join("")
    .replace(/^\./, "");
  return text === "" ? "(top level)" : text;
}

function issueLines(issue: z.core.$ZodIssue): string[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key; remove it or check its spelling`);
  }
  return [`${formatPath(issue.path)}: ${issue.message}`];
}

/** Validates parsed config data; `source` names the file in messages. */
export function parseLandingZoneConfig(data: unknown, source = "config"): LandingZoneConfig {
  const result = landingZone.safeParse(data);
  if (!result.success) throw new LandingZoneConfigError(source, result.error.issues.flatMap(issueLines));
  return result.data;
}

/** Reads a landing-zone config from a `.json`, `.yaml` or `.yml` file and validates it. */
export function loadLandingZoneConfig(path: string): LandingZoneConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new LandingZoneConfigError(path, [
      `(file): cannot read it: ${reason}. Fix: point BYOK_CONFIG at a JSON or YAML file.`,
    ]);
  }
  const extension = extname(path).toLowerCase();
  let data: unknown;
  try {
    if (extension === ".json") data = JSON.parse(text);
    else if (extension === ".yaml" || extension === ".yml") data = parseYaml(text);
    else throw new Error(`unknown extension ${JSON.stringify(extension)}; use .json, .yaml or .yml`);
  } catch (error) {
    throw new LandingZoneConfigError(path, [`(file): ${(error as Error).message}`]);
  }
  return parseLandingZoneConfig(data, path);
}

/** Names must be unique, and every reference between entries must name an entry that exists. */
function checkReferences(config: z.infer<typeof landingZoneShape>, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const unique = (list: { name: string }[] | undefined, listName: string, seen = new Map<string, string>()) => {
    // Azure resource names are case-insensitive: KV-A and kv-a are one vault.
    (list ?? []).forEach((entry, i) => {
      const first = seen.get(entry.name.toLowerCase());
      if (first !== undefined)
        issue([listName, i, "name"], `duplicate name ${JSON.stringify(entry.name)}, first used at ${first}`);
      else seen.set(entry.name.toLowerCase(), `${listName}[${i}].name`);
    });
    return seen;
  };

  unique(config.existingKeys, "existingKeys", unique(config.vaults, "vaults"));
  unique(config.resourceGroups, "resourceGroups");
  unique(config.namespaces, "namespaces");
  const keyNames = new Set([...(config.vaults ?? []), ...(config.existingKeys ?? [])].map((entry) => entry.name));
  const known = [...keyNames].map((k) => JSON.stringify(k)).join(", ") || "none";
  const secondaries = new Map<string, number>();

  config.namespaces.forEach((ns, i) => {
    const keys = [ns.key, ...(ns.additionalKeys ?? [])];
    keys.forEach((key, k) => {
      const path = k === 0 ? ["namespaces", i, "key"] : ["namespaces", i, "additionalKeys", k - 1];
      if (!keyNames.has(key)) issue(path, `no vault or existing key named ${JSON.stringify(key)}; known: ${known}`);
      else if (keys.indexOf(key) !== k) issue(path, `the key ${JSON.stringify(key)} is bound twice`);
    });
    if (keys.length > LIMITS.keysPerNamespace) {
      issue(
        ["namespaces", i, "additionalKeys"],
        `${keys.length} keys; a namespace takes at most ${LIMITS.keysPerNamespace} (key plus ${LIMITS.keysPerNamespace - 1} additional)`,
      );
    }
    (ns.eventHubs ?? []).forEach((hub, h, hubs) => {
      if (hubs.findIndex((other) => other.name === hub.name) !== h) {
        issue(["namespaces", i, "eventHubs", h, "name"], `duplicate event hub name ${JSON.stringify(hub.name)}`);
      }
    });
    if (ns.cluster && (ns.cluster.id === undefined) === (ns.cluster.name === undefined)) {
      issue(
        ["namespaces", i, "cluster"],
        "give exactly one of name (a cluster to create) and id (an existing cluster)",
      );
    }
    if (ns.cluster?.id !== undefined && ns.cluster.capacity !== undefined) {
      issue(["namespaces", i, "cluster", "capacity"], "capacity applies only to a cluster created here (with name)");
    }
    const id = ns.identity;
    if (id?.type === "SystemAssigned" && (id.name ?? id.id ?? id.principalId) !== undefined) {
      issue(["namespaces", i, "identity"], "a SystemAssigned identity takes no name, id or principalId");
    }
    if (
      id?.type === "UserAssigned" &&
      (id.name === undefined) === (id.id === undefined || id.principalId === undefined)
    ) {
      issue(
        ["namespaces", i, "identity"],
        "a UserAssigned identity needs either name (an identity to create) or id and principalId (an existing one)",
      );
    }
    if (ns.geoDr) {
      const partner = config.namespaces.findIndex((other) => other.name === ns.geoDr?.secondary);
      if (partner === -1) {
        issue(["namespaces", i, "geoDr", "secondary"], `no namespace named ${JSON.stringify(ns.geoDr.secondary)}`);
      } else if (partner === i) {
        issue(["namespaces", i, "geoDr", "secondary"], "a namespace cannot be its own Geo-DR secondary");
      } else if ((config.namespaces[partner].eventHubs ?? []).length > 0) {
        issue(
          ["namespaces", partner, "eventHubs"],
          `the Geo-DR secondary of ${JSON.stringify(ns.name)} must have no event hubs: they replicate from the primary`,
        );
      }
      const earlier = secondaries.get(ns.geoDr.secondary);
      if (earlier !== undefined) {
        issue(
          ["namespaces", i, "geoDr", "secondary"],
          `${JSON.stringify(ns.geoDr.secondary)} is already the secondary of namespaces[${earlier}]`,
        );
      } else secondaries.set(ns.geoDr.secondary, i);
    }
  });

  const d = config.diagnostics;
  if (d && (d.logAnalyticsWorkspaceId === undefined) === (d.createWorkspace === undefined)) {
    issue(["diagnostics"], "give exactly one of logAnalyticsWorkspaceId (an existing workspace) and createWorkspace");
  }
}
