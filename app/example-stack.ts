import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ByokDiagnostics, CmkNamespace, KeyVaultWithProtection, safeKeyVaultFeatures } from "../src";
import { ExampleSettings } from "./settings";

/**
 * One Event Hubs deployment encrypted with a customer-managed key: a dedicated cluster, a
 * namespace with two event hubs, the vault and key, and the logs that tell when the key is
 * out of reach.
 *
 * With `namespaceCount` above 1, the further namespaces join the first one's cluster and vault,
 * each with its own event hubs and diagnostics; the outputs describe the first namespace.
 */
export class ByokExampleStack extends TerraformStack {
  /** The vault holding the key every namespace is encrypted with. */
  public readonly vault: KeyVaultWithProtection;
  /** The first namespace (the only one unless BYOK_NAMESPACE_COUNT is more than 1). */
  public readonly namespace: CmkNamespace;
  /** The diagnostics of the first namespace, which also stream the vault's audit logs. */
  public readonly diagnostics: ByokDiagnostics;
  /** Every namespace, in order. */
  public readonly namespaces: CmkNamespace[];
  /** The diagnostics of every namespace, in the order of {@link namespaces}. */
  public readonly allDiagnostics: ByokDiagnostics[];

  constructor(scope: Construct, settings: ExampleSettings) {
    super(scope, settings.stackName);

    new AzurermProvider(this, "azurerm", { features: [{ keyVault: [safeKeyVaultFeatures()] }] });

    const { prefix, location } = settings;
    const resourceGroup = new ResourceGroup(this, "resource-group", { name: `rg-${prefix}-byok`, location });
    const workspace = new LogAnalyticsWorkspace(this, "workspace", {
      name: `log-${prefix}-byok`,
      resourceGroupName: resourceGroup.name,
      location,
      sku: "PerGB2018",
      retentionInDays: 90,
    });

    this.vault = new KeyVaultWithProtection(this, "vault", {
      name: `kv-${prefix}-byok`,
      resourceGroupName: resourceGroup.name,
      location,
      network: { ipRules: settings.deployerIps },
    });

    const count = settings.namespaceCount;
    // One namespace keeps the plain ids and names; several are numbered and share the first one's cluster.
    const suffix = (i: number): string => (count === 1 ? "" : `-${i + 1}`);
    this.namespaces = [];
    this.allDiagnostics = [];
    for (let i = 0; i < count; i++) {
      const first = this.namespaces[0];
      const namespace = new CmkNamespace(this, `namespace${suffix(i)}`, {
        name: `evhns-${prefix}-byok${suffix(i)}`,
        resourceGroupName: resourceGroup.name,
        location,
        key: this.vault,
        cluster: first
          ? { id: first.cluster!.id }
          : { name: `evhc-${prefix}-byok`, capacity: settings.clusterCapacity },
      });
      for (const hub of settings.eventHubs) namespace.addEventHub(hub);
      this.namespaces.push(namespace);

      // The vault's audit logs need one diagnostic setting, not one per namespace.
      this.allDiagnostics.push(
        new ByokDiagnostics(this, `diagnostics${suffix(i)}`, {
          namespace,
          logAnalyticsWorkspaceId: workspace.id,
          keyVault: first ? undefined : this.vault,
          alerts: {},
        }),
      );
    }
    this.namespace = this.namespaces[0];
    this.diagnostics = this.allDiagnostics[0];

    new TerraformOutput(this, "namespace_id", {
      value: this.namespace.namespaceId,
      description: "Azure resource id of the Event Hubs namespace encrypted with the customer-managed key.",
    });
    new TerraformOutput(this, "versionless_key_id", {
      value: this.vault.versionlessKeyId,
      description: "Versionless key id the namespace is bound to; it follows every rotation.",
    });
    new TerraformOutput(this, "key_id", {
      value: this.vault.keyId,
      description: "Versioned key id: the key version current at apply time. It changes at every rotation.",
    });
    new TerraformOutput(this, "key_vault_uri", {
      value: this.vault.vaultUri,
      description: "Data-plane URI of the Key Vault holding the key.",
    });
  }
}
