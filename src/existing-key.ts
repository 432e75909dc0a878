import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { IByokKey, KeyAccessGrant, KeyVaultPermissionModel } from "./byok-key";
import { CRYPTO_SERVICE_ENCRYPTION_USER_ROLE, NAMESPACE_KEY_PERMISSIONS } from "./key-vault-with-protection";
import { grantKeyAccessOnce } from "./private/key-grants";
import { clientConfig } from "./private/stack-singletons";
import { LIMITS, RULES } from "./rules";
import { RuleChecker } from "./validation";

/** The DNS suffix of Key Vault data-plane URIs in each Azure cloud. */
export type KeyVaultDnsSuffix = (typeof LIMITS.vaultDnsSuffixes)[number];

/** Props of {@link KeyVaultWithProtection.fromExistingKey}. */
export interface ExistingKeyProps {
  /**
   * Azure resource id of the vault that holds the key
   * (`/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>`).
   *
   * A literal or a Terraform reference (an output of another stack, a variable): nothing is looked up.
   */
  readonly keyVaultId: string;
  /** Name of the key in that vault. */
  readonly keyName: string;
  /** How that vault grants access: the grants this stack makes follow it. */
  readonly permissionModel: KeyVaultPermissionModel;
  /**
   * Tenant of the identities granted in an access-policy vault.
   * @default - the tenant of the identity running Terraform (azurerm_client_config), read only for access-policy vaults
   */
  readonly tenantId?: string;
  /**
   * How long to wait after an RBAC role assignment before the key is used, as time_sleep takes it.
   * @default "60s"
   */
  readonly rbacPropagationDelay?: string;
  /**
   * DNS suffix of the vault's data-plane URI, which names the cloud.
   * @default "vault.azure.net"
   */
  readonly vaultDnsSuffix?: KeyVaultDnsSuffix;
  /**
   * Whether Terraform refuses to destroy the grants this stack makes on the key.
   *
   * Warning: removing a grant locks the namespace out of its data.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * A key that lives in a vault managed elsewhere (a central security subscription, another stack).
 *
 * Made by {@link KeyVaultWithProtection.fromExistingKey}. It creates no vault and no key and
 * reads nothing at synth or plan time: the versionless id is built from the vault id and the
 * key name. It grants access the way a {@link KeyVaultWithProtection} does, so whoever runs
 * this stack needs the right to assign roles on the key (RBAC) or to set access policies on
 * the vault.
 */
export class ExistingByokKey extends Construct implements IByokKey {
  /** Azure resource id of the vault that holds the key. */
  public readonly keyVaultId: string;
  /** Name of the key. */
  public readonly keyName: string;
  /** Name of the vault, taken from its resource id. */
  public readonly vaultName: string;
  /** Azure resource id of the key (`<keyVaultId>/keys/<keyName>`): RBAC grants are scoped to it. */
  public readonly keyResourceId: string;
  /** The versionless key id (`https://<vault>.<suffix>/keys/<name>`) namespaces bind to. */
  public readonly versionlessKeyId: string;
  /** How the vault grants access. */
  public readonly permissionModel: KeyVaultPermissionModel;

  private readonly tenantId?: string;
  private readonly rbacPropagationDelay: string;
  private readonly preventDestroy: boolean;

  constructor(scope: Construct, id: string, props: ExistingKeyProps) {
    super(scope, id);

    const vaultDnsSuffix = props.vaultDnsSuffix ?? "vault.azure.net";
    this.rbacPropagationDelay = props.rbacPropagationDelay ?? "60s";
    this.preventDestroy = props.preventDestroy ?? true;
    new RuleChecker(this)
      .check(RULES.existingKeyVaultId, props.keyVaultId)
      .check(RULES.existingKeyName, props.keyName)
      .check(RULES.permissionModel, props.permissionModel)
      .check(RULES.rbacPropagationDelay, this.rbacPropagationDelay)
      .check(RULES.vaultDnsSuffix, vaultDnsSuffix)
      .throwIfAny();

    this.keyVaultId = props.keyVaultId;
    this.keyName = props.keyName;
    this.permissionModel = props.permissionModel;
    this.tenantId = props.tenantId;
    this.vaultName = vaultNameOf(props.keyVaultId);
    this.keyResourceId = `${props.keyVaultId}/keys/${props.keyName}`;
    this.versionlessKeyId = `https://${this.vaultName}.${vaultDnsSuffix}/keys/${props.keyName}`;
  }

  /**
   * Lets an identity get, wrap and unwrap this key, and nothing more.
   *
   * RBAC vaults: the role "Key Vault Crypto Service Encryption User" scoped to the key, then a
   * wait of `rbacPropagationDelay`. Access-policy vaults: a standalone access policy with Get,
   * WrapKey and UnwrapKey. Calling it twice for the same principal returns the first grant.
   *
   * @param principalId object id of the identity (a namespace's managed identity)
   * @param tenantId tenant of the identity; defaults to `tenantId`, else the deployer's tenant
   * @returns the resources a binding to this key must depend on
   */
  public grantKeyAccess(principalId: string, tenantId?: string): KeyAccessGrant {
    return grantKeyAccessOnce(
      this,
      {
        permissionModel: this.permissionModel,
        keyResourceId: this.keyResourceId,
        keyVaultId: this.keyVaultId,
        defaultTenantId: () => this.tenantId ?? clientConfig(this).tenantId,
        rbacPropagationDelay: this.rbacPropagationDelay,
        roleDefinitionName: CRYPTO_SERVICE_ENCRYPTION_USER_ROLE,
        keyPermissions: NAMESPACE_KEY_PERMISSIONS,
        preventDestroy: this.preventDestroy,
      },
      principalId,
      tenantId,
    );
  }
}

/** The vault name, the ninth `/`-separated segment of its resource id; a Terraform expression when the id is a reference. */
function vaultNameOf(keyVaultId: string): string {
  if (Token.isUnresolved(keyVaultId)) return Fn.element(Fn.split("/", keyVaultId), 8);
  return keyVaultId.split("/")[8];
}
