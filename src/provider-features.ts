import { AzurermProviderFeaturesKeyVault } from "@cdktf/provider-azurerm/lib/provider";

/**
 * The azurerm provider's `features.key_vault` settings that never purge a soft-deleted vault or
 * key on destroy, and recover one instead of failing when a create meets it.
 *
 * The provider's own defaults purge on destroy: one `terraform destroy` would then erase the
 * key for good and leave every namespace bound to it unreadable.
 *
 * @example
 * new AzurermProvider(this, "azurerm", { features: [{ keyVault: [safeKeyVaultFeatures()] }] });
 */
export function safeKeyVaultFeatures(): AzurermProviderFeaturesKeyVault {
  return {
    purgeSoftDeleteOnDestroy: false,
    purgeSoftDeletedKeysOnDestroy: false,
    purgeSoftDeletedHardwareSecurityModuleKeysOnDestroy: false,
    recoverSoftDeletedKeyVaults: true,
    recoverSoftDeletedKeys: true,
    recoverSoftDeletedHardwareSecurityModuleKeys: true,
  };
}
