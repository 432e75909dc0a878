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
 */
export class ByokExampleStack extends TerraformStack {
  public readonly vault: KeyVaultWithProtection;
  public readonly namespace: CmkNamespace;
  public readonly diagnostics: ByokDiagnostics;

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

    this.namespace = new CmkNamespace(this, "namespace", {
      name: `evhns-${prefix}-byok`,
      resourceGroupName: resourceGroup.name,
      location,
      key: this.vault,
      cluster: { name: `evhc-${prefix}-byok`, capacity: settings.clusterCapacity },
    });
    for (const hub of settings.eventHubs) this.namespace.addEventHub(hub);

    this.diagnostics = new ByokDiagnostics(this, "diagnostics", {
      namespace: this.namespace,
      logAnalyticsWorkspaceId: workspace.id,
      keyVault: this.vault,
      alerts: {},
    });

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
