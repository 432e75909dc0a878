import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { AzurermBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  AlertSeverity,
  ByokDiagnostics,
  CmkNamespace,
  CmkNamespaceIdentity,
  IByokKey,
  KeyVaultWithProtection,
  safeKeyVaultFeatures,
} from "../src";
import { LandingZoneConfig, NamespaceConfig } from "./config";

/** The stack name used when the config names none. */
export const DEFAULT_LANDING_ZONE_STACK = "byok-landing-zone";

/**
 * Runs `build` and, when it throws, says which entry of the config file was being built.
 *
 * Construct errors name the construct path; this adds the path in the file (`namespaces[3]`).
 */
function at<T>(path: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    const e = error as Error;
    e.message = `${path}: ${e.message}`;
    throw e;
  }
}

/**
 * A whole landing zone from one config file: resource groups, vaults and keys (new or held
 * elsewhere), namespaces bound to them with their event hubs, Geo-DR pairs, the diagnostics
 * that tell when a key is out of reach, and optionally a shared azurerm state backend.
 */
export class LandingZoneStack extends TerraformStack {
  /** The new vaults, by name. */
  public readonly vaults = new Map<string, KeyVaultWithProtection>();
  /** Every key namespaces can bind to (new vaults and existing keys), by config name. */
  public readonly keys = new Map<string, IByokKey>();
  /** The namespaces, by name. */
  public readonly namespaces = new Map<string, CmkNamespace>();
  /** The diagnostics of each namespace, by namespace name. */
  public readonly diagnostics = new Map<string, ByokDiagnostics>();

  private readonly resourceGroups = new Map<string, ResourceGroup>();

  constructor(scope: Construct, config: LandingZoneConfig) {
    super(scope, config.stackName ?? DEFAULT_LANDING_ZONE_STACK);

    new AzurermProvider(this, "azurerm", { features: [{ keyVault: [safeKeyVaultFeatures()] }] });
    if (config.backend) new AzurermBackend(this, config.backend.azurerm);

    const tagsOf = (own?: Record<string, string>) => ({ ...config.defaultTags, ...own });
    (config.resourceGroups ?? []).forEach((rg, i) =>
      at(`resourceGroups[${i}]`, () =>
        this.resourceGroups.set(
          rg.name,
          new ResourceGroup(this, `rg-${rg.name}`, { name: rg.name, location: rg.location, tags: tagsOf(rg.tags) }),
        ),
      ),
    );

    (config.vaults ?? []).forEach((v, i) =>
      at(`vaults[${i}]`, () => {
        const vault = new KeyVaultWithProtection(this, `vault-${v.name}`, {
          ...v,
          resourceGroupName: this.groupName(v.resourceGroupName),
          tags: tagsOf(v.tags),
        });
        this.vaults.set(v.name, vault);
        this.keys.set(v.name, vault);
      }),
    );
    (config.existingKeys ?? []).forEach((k, i) =>
      at(`existingKeys[${i}]`, () => {
        const { name, ...props } = k;
        this.keys.set(name, KeyVaultWithProtection.fromExistingKey(this, `key-${name}`, props));
      }),
    );

    config.namespaces.forEach((ns, i) => at(`namespaces[${i}]`, () => this.addNamespace(ns, tagsOf(ns.tags))));

    config.namespaces.forEach((ns, i) => {
      if (!ns.geoDr) return;
      const { secondary, alias } = ns.geoDr;
      at(`namespaces[${i}].geoDr`, () => this.namespace(ns.name).pairWith(this.namespace(secondary), { alias }));
    });

    if (config.diagnostics) this.addDiagnostics(config);

    new TerraformOutput(this, "namespace_ids", {
      value: Object.fromEntries([...this.namespaces].map(([name, ns]) => [name, ns.namespaceId])),
      description: "Azure resource id of each Event Hubs namespace encrypted with a customer-managed key, by name.",
    });
    new TerraformOutput(this, "versionless_key_ids", {
      value: Object.fromEntries([...this.keys].map(([name, key]) => [name, key.versionlessKeyId])),
      description: "Versionless id of each key namespaces are bound to, by config name; it follows every rotation.",
    });
  }

  private addNamespace(ns: NamespaceConfig, tags: Record<string, string>): void {
    const resourceGroupName = this.groupName(ns.resourceGroupName);
    const namespace = new CmkNamespace(this, ns.name, {
      name: ns.name,
      resourceGroupName,
      location: ns.location,
      key: this.key(ns.key),
      additionalKeys: (ns.additionalKeys ?? []).map((k) => this.key(k)),
      sku: ns.sku,
      capacity: ns.capacity,
      cluster:
        ns.cluster?.id !== undefined
          ? { id: ns.cluster.id }
          : ns.cluster?.name !== undefined
            ? { name: ns.cluster.name, capacity: ns.cluster.capacity }
            : undefined,
      identity: this.identity(ns, resourceGroupName, tags),
      infrastructureEncryptionEnabled: ns.infrastructureEncryptionEnabled,
      preventDestroy: ns.preventDestroy,
      tags,
    });
    (ns.eventHubs ?? []).forEach((hub) => namespace.addEventHub(hub.name, hub));
    this.namespaces.set(ns.name, namespace);
  }

  private identity(ns: NamespaceConfig, resourceGroupName: string, tags: Record<string, string>): CmkNamespaceIdentity {
    const id = ns.identity;
    if (id?.type !== "UserAssigned") return { type: "SystemAssigned" };
    if (id.name !== undefined) {
      const created = new UserAssignedIdentity(this, `identity-${ns.name}`, {
        name: id.name,
        resourceGroupName,
        location: ns.location,
        tags,
      });
      return { type: "UserAssigned", userAssignedIdentity: { id: created.id, principalId: created.principalId } };
    }
    return {
      type: "UserAssigned",
      userAssignedIdentity: { id: id.id as string, principalId: id.principalId as string },
    };
  }

  private addDiagnostics(config: LandingZoneConfig): void {
    const d = config.diagnostics;
    if (!d) return;
    const workspaceId =
      d.logAnalyticsWorkspaceId ??
      (d.createWorkspace &&
        new LogAnalyticsWorkspace(this, "workspace", {
          name: d.createWorkspace.name,
          resourceGroupName: this.groupName(d.createWorkspace.resourceGroupName),
          location: d.createWorkspace.location,
          sku: "PerGB2018",
          retentionInDays: d.createWorkspace.retentionInDays ?? 90,
          tags: config.defaultTags,
        }).id);
    // One audit setting per vault: it rides on the diagnostics of the first namespace bound to the vault,
    // through its key or one of its additional keys.
    const auditedVaults = new Set<string>();
    config.namespaces.forEach((ns, i) =>
      at(`namespaces[${i}] diagnostics`, () => {
        const unaudited = [ns.key, ...(ns.additionalKeys ?? [])].find(
          (key) => this.vaults.has(key) && !auditedVaults.has(key),
        );
        const auditVault = (d.vaultAuditLogs ?? true) && unaudited !== undefined;
        const vault = auditVault ? this.vaults.get(unaudited) : undefined;
        if (auditVault) auditedVaults.add(unaudited);
        this.diagnostics.set(
          ns.name,
          new ByokDiagnostics(this, `diagnostics-${ns.name}`, {
            namespace: this.namespace(ns.name),
            name: d.name,
            logAnalyticsWorkspaceId: workspaceId,
            keyVault: vault,
            alerts: d.alerts && {
              severity: d.alerts.severity as AlertSeverity | undefined,
              actionGroupIds: d.alerts.actionGroupIds,
            },
          }),
        );
      }),
    );
  }

  /** The name of a resource group, as a reference when this stack creates the group, so the group comes first. */
  private groupName(name: string): string {
    return this.resourceGroups.get(name)?.name ?? name;
  }

  private key(name: string): IByokKey {
    const key = this.keys.get(name);
    if (!key) throw new Error(`no vault or existing key named ${JSON.stringify(name)}`);
    return key;
  }

  private namespace(name: string): CmkNamespace {
    const ns = this.namespaces.get(name);
    if (!ns) throw new Error(`no namespace named ${JSON.stringify(name)}`);
    return ns;
  }
}
