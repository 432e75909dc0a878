import { ITerraformDependable } from "cdktf";
import { IConstruct } from "constructs";

/** The vault permission model: Azure RBAC role assignments, or vault access policies. */
export type KeyVaultPermissionModel = "rbac" | "accessPolicy";

/** What {@link IByokKey.grantKeyAccess} created, and what a key binding must wait for. */
export interface KeyAccessGrant {
  /** The resources that must exist before the key is used: the grant itself, and for RBAC the propagation wait. */
  readonly dependables: ITerraformDependable[];
}

/**
 * A Key Vault key that Event Hubs namespaces can be bound to.
 *
 * Implemented by {@link KeyVaultWithProtection}; anything that can grant wrap/unwrap on a
 * key and name its versionless id can stand in.
 */
export interface IByokKey extends IConstruct {
  /** The Azure resource id of the vault that holds the key. */
  readonly keyVaultId: string;
  /**
   * The versionless key id (`https://<vault>.vault.azure.net/keys/<name>`).
   *
   * Namespaces bind to this id so that Event Hubs picks up every new key version by itself.
   */
  readonly versionlessKeyId: string;
  /**
   * Lets an identity get, wrap and unwrap this key, with nothing more.
   *
   * Calling it twice for the same principal returns the first grant.
   *
   * @param principalId the object id of the managed identity that unwraps the key
   * @param tenantId the identity's tenant; defaults to the vault's tenant
   * @returns what a binding to the key must depend on
   */
  grantKeyAccess(principalId: string, tenantId?: string): KeyAccessGrant;
}
