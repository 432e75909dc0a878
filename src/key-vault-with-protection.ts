import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultAccessPolicyA } from "@cdktf/provider-azurerm/lib/key-vault-access-policy";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Annotations, ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { DateTime } from "luxon";
import { IByokKey, KeyAccessGrant, KeyVaultPermissionModel } from "./byok-key";
import { ExistingByokKey, ExistingKeyProps } from "./existing-key";
import { POLICIES, weakens } from "./policies";
import { addDeleteLock } from "./private/delete-lock";
import { grantKeyAccessOnce, propagationWait } from "./private/key-grants";
import { warnWhenNotLogged } from "./private/log-coverage";
import { clientConfig } from "./private/stack-singletons";
import { refreshIndexOnSynth, sameNameCount } from "./private/stack-index";
import { synthesizedAttributes } from "./private/tokens";
import { goDurationSeconds, isoDurationDays, isRfc3339Utc, LIMITS, RotationPolicyInput, RULES } from "./rules";
import { RuleChecker } from "./validation";

/** Key Vault pricing tier. Premium stores keys in HSMs. */
export type KeyVaultSku = "standard" | "premium";

/** Key types Event Hubs can wrap its data keys with. `RSA-HSM` needs a premium vault. */
export type ByokKeyType = "RSA" | "RSA-HSM";

/** RSA modulus sizes Key Vault accepts. */
export type ByokKeySize = 2048 | 3072 | 4096;

/** Operations a Key Vault key can allow. */
export type ByokKeyOperation = "decrypt" | "encrypt" | "sign" | "unwrapKey" | "verify" | "wrapKey";

/** What the vault firewall does with traffic no rule matches. */
export type KeyVaultNetworkDefaultAction = "Allow" | "Deny";

/** Whether trusted Microsoft services (Event Hubs among them) pass the vault firewall. */
export type KeyVaultNetworkBypass = "AzureServices" | "None";

/** Key versions that live fewer days than this leave little time to notice a failed rotation. */
const SHORT_KEY_LIFETIME_DAYS = 90;

/** The role an identity needs to wrap and unwrap with a key in an RBAC vault. */
export const CRYPTO_SERVICE_ENCRYPTION_USER_ROLE = "Key Vault Crypto Service Encryption User";

/** The role the identity running Terraform needs to create a key and manage its rotation policy. */
export const CRYPTO_OFFICER_ROLE = "Key Vault Crypto Officer";

/** Key permissions a namespace identity gets in an access-policy vault: nothing beyond wrap/unwrap. */
export const NAMESPACE_KEY_PERMISSIONS = ["Get", "WrapKey", "UnwrapKey"] as const;

/**
 * Key permissions the identity running Terraform gets in an access-policy vault.
 *
 * The provider reads the rotation policy on every refresh, so GetRotationPolicy is needed
 * even for a plan.
 */
export const DEPLOYER_KEY_PERMISSIONS = [
  "Get",
  "List",
  "Create",
  "Update",
  "Delete",
  "Recover",
  "Rotate",
  "GetRotationPolicy",
  "SetRotationPolicy",
] as const;

/**
 * When new key versions are made and when old ones expire.
 *
 * All values are ISO 8601 durations (`P90D`, `P6M`, `P1Y`).
 */
export interface ByokKeyRotationPolicy {
  /**
   * Rotate automatically this long after a version is created.
   *
   * At least P7D, and at least P7D before `expireAfter`. Use this or `timeBeforeExpiry`.
   * @default - no rotation by age
   */
  readonly timeAfterCreation?: string;
  /**
   * Rotate automatically this long before a version expires. Needs `expireAfter`.
   *
   * At least P7D, and no sooner than P7D after creation.
   * @default - no rotation before expiry
   */
  readonly timeBeforeExpiry?: string;
  /**
   * How long each version lives, from P28D to P100Y.
   * @default - versions do not expire
   */
  readonly expireAfter?: string;
  /**
   * When Key Vault raises a near-expiry event, at least P7D before expiry. Needs `expireAfter`.
   * @default - no near-expiry event
   */
  readonly notifyBeforeExpiry?: string;
}

/** The rotation policy used when none is given: rotate 30 days before a one-year expiry. */
export const DEFAULT_ROTATION_POLICY: ByokKeyRotationPolicy = {
  timeBeforeExpiry: "P30D",
  expireAfter: "P1Y",
  notifyBeforeExpiry: "P30D",
};

/** The encryption key the vault holds for Event Hubs. */
export interface ByokKeyOptions {
  /**
   * Key name, 1-127 letters, digits and hyphens.
   * @default "cmk-eventhubs"
   */
  readonly name?: string;
  /**
   * Key type.
   * @default - "RSA-HSM" in a premium vault, "RSA" in a standard vault
   */
  readonly type?: ByokKeyType;
  /**
   * RSA key size in bits.
   * @default 3072
   */
  readonly size?: ByokKeySize;
  /**
   * Operations the key allows. Must include wrapKey and unwrapKey.
   * @default ["wrapKey", "unwrapKey"]
   */
  readonly operations?: ByokKeyOperation[];
  /**
   * Activation date, an RFC 3339 UTC literal (`2027-01-01T00:00:00Z`). Never a computed date:
   * a date that moves between runs forces a new key.
   * @default - active at once
   */
  readonly notBeforeDate?: string;
  /**
   * Expiry of the first version, an RFC 3339 UTC literal.
   *
   * Warning: changing or removing it later forces a new key, which purge protection then
   * blocks. Prefer `rotationPolicy.expireAfter`, which expires versions without that risk.
   * @default - no fixed expiry; the rotation policy expires versions
   */
  readonly expirationDate?: string;
  /**
   * Rotation policy.
   * @default - {@link DEFAULT_ROTATION_POLICY}: rotate 30 days before a one-year expiry, notify 30 days before
   */
  readonly rotationPolicy?: ByokKeyRotationPolicy;
}

/** The vault firewall. */
export interface KeyVaultNetworkOptions {
  /**
   * What happens to traffic that no rule allows.
   * @default "Deny"
   */
  readonly defaultAction?: KeyVaultNetworkDefaultAction;
  /**
   * Whether trusted Microsoft services pass the firewall. Event Hubs reaches the vault only
   * this way, so with `Deny` it must stay `AzureServices`.
   * @default "AzureServices"
   */
  readonly bypass?: KeyVaultNetworkBypass;
  /**
   * Public addresses or CIDR ranges allowed through, typically the agents that run Terraform
   * (Terraform creates the key through the vault's data plane).
   * @default []
   */
  readonly ipRules?: string[];
  /**
   * Subnets allowed through service endpoints. BYOK is not supported through service
   * endpoints, so a non-empty list is refused; the prop exists to say so clearly.
   * @default []
   */
  readonly virtualNetworkSubnetIds?: string[];
}

/** Props of {@link KeyVaultWithProtection}. */
export interface KeyVaultWithProtectionProps {
  /** Vault name, 3-24 characters, globally unique. A soft-deleted vault keeps its name until purged. */
  readonly name: string;
  /** Resource group of the vault. */
  readonly resourceGroupName: string;
  /** Azure region of the vault. */
  readonly location: string;
  /**
   * Entra ID tenant of the vault.
   * @default - the tenant of the identity running Terraform (azurerm_client_config)
   */
  readonly tenantId?: string;
  /**
   * Pricing tier. Premium keeps keys in HSMs.
   * @default "premium"
   */
  readonly sku?: KeyVaultSku;
  /**
   * Days a deleted vault or key stays recoverable, 7-90.
   *
   * Warning: it can be set only once, when the vault is created.
   * @default 90
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * How access is granted: Azure RBAC role assignments, or vault access policies.
   * @default "rbac"
   */
  readonly permissionModel?: KeyVaultPermissionModel;
  /**
   * The vault firewall, always written explicitly (new vaults deny by default since 2025).
   * @default - Deny, with the AzureServices bypass, no IP or subnet rules
   */
  readonly network?: KeyVaultNetworkOptions;
  /**
   * Whether the vault's public endpoint accepts traffic at all (still filtered by `network`).
   * @default true
   */
  readonly publicNetworkAccessEnabled?: boolean;
  /**
   * The encryption key.
   * @default - see {@link ByokKeyOptions}
   */
  readonly key?: ByokKeyOptions;
  /**
   * How long to wait after an RBAC role assignment before using it, as time_sleep takes it.
   * Assignments take time to reach Key Vault; a binding made too early fails with 403.
   * @default "60s"
   */
  readonly rbacPropagationDelay?: string;
  /**
   * Whether the identity running Terraform is granted what it needs to create the key and
   * manage its rotation policy (RBAC: Key Vault Crypto Officer on the vault; access policies:
   * a standalone policy). Turn it off when that identity already holds such rights.
   * @default true
   */
  readonly grantDeployerAccess?: boolean;
  /**
   * Whether Terraform refuses to destroy the vault and the key (`prevent_destroy`).
   *
   * Warning: a destroyed key makes every namespace bound to it unreadable.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Whether to put a `CanNotDelete` management lock on the vault, so that no tool can delete it
   * while the lock stands. The identity running Terraform then needs rights to create locks
   * (Owner or User Access Administrator).
   * @default false
   */
  readonly deleteLock?: boolean;
  /**
   * Tags for the vault and the key.
   * @default {}
   */
  readonly tags?: { [key: string]: string };
}

/**
 * A Key Vault that can safely hold an Event Hubs encryption key, and the key.
 *
 * Soft delete and purge protection are always on, the firewall denies by default and lets
 * Event Hubs in as a trusted service, and the key rotates by itself. Namespaces get access
 * with {@link grantKeyAccess}.
 */
export class KeyVaultWithProtection extends Construct implements IByokKey {
  /** The azurerm_key_vault resource, for escape hatches. */
  public readonly vault: KeyVault;
  /** The azurerm_key_vault_key resource, for escape hatches. */
  public readonly key: KeyVaultKey;
  /** The vault's Azure resource id. */
  public readonly vaultId: string;
  /** The vault's Azure resource id (as {@link IByokKey} names it). */
  public readonly keyVaultId: string;
  /** The vault's data-plane URI. */
  public readonly vaultUri: string;
  /** The key's name. */
  public readonly keyName: string;
  /** The versioned key id: it names one key version and changes at every rotation. */
  public readonly keyId: string;
  /** The versionless key id: bind namespaces to it so rotation needs no Terraform change. */
  public readonly versionlessKeyId: string;
  /** The vault's tenant id. */
  public readonly tenantId: string;
  /** How the vault grants access. */
  public readonly permissionModel: KeyVaultPermissionModel;
  /** The `CanNotDelete` lock on the vault, when `deleteLock` is on. */
  public readonly deleteLock?: ManagementLock;

  private readonly rbacPropagationDelay: string;
  private readonly preventDestroy: boolean;

  constructor(scope: Construct, id: string, props: KeyVaultWithProtectionProps) {
    super(scope, id);

    const sku = props.sku ?? "premium";
    const softDeleteRetentionDays = props.softDeleteRetentionDays ?? 90;
    this.permissionModel = props.permissionModel ?? "rbac";
    const network = {
      defaultAction: props.network?.defaultAction ?? "Deny",
      bypass: props.network?.bypass ?? "AzureServices",
      ipRules: props.network?.ipRules ?? [],
      virtualNetworkSubnetIds: props.network?.virtualNetworkSubnetIds ?? [],
    };
    const publicNetworkAccessEnabled = props.publicNetworkAccessEnabled ?? true;
    const keyName = props.key?.name ?? "cmk-eventhubs";
    const keyType = props.key?.type ?? (sku === "premium" ? "RSA-HSM" : "RSA");
    const keySize = props.key?.size ?? 3072;
    const keyOperations = props.key?.operations ?? ["wrapKey", "unwrapKey"];
    const rotation = props.key?.rotationPolicy ?? DEFAULT_ROTATION_POLICY;
    this.rbacPropagationDelay = props.rbacPropagationDelay ?? "60s";
    const preventDestroy = props.preventDestroy ?? true;
    this.preventDestroy = preventDestroy;
    const grantDeployerAccess = props.grantDeployerAccess ?? true;

    validateProps(this, {
      name: props.name,
      sku,
      softDeleteRetentionDays,
      permissionModel: this.permissionModel,
      network,
      keyName,
      keyType,
      keySize,
      keyOperations,
      notBeforeDate: props.key?.notBeforeDate,
      expirationDate: props.key?.expirationDate,
      rotation,
      rbacPropagationDelay: this.rbacPropagationDelay,
      tenantId: props.tenantId,
    });

    const client = clientConfig(this);
    this.tenantId = props.tenantId ?? client.tenantId;

    this.vault = new KeyVault(this, "vault", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tenantId: this.tenantId,
      skuName: sku,
      softDeleteRetentionDays,
      purgeProtectionEnabled: true,
      rbacAuthorizationEnabled: this.permissionModel === "rbac",
      publicNetworkAccessEnabled,
      networkAcls: network,
      tags: props.tags,
      lifecycle: { preventDestroy },
    });

    const deployerAccess = grantDeployerAccess ? this.grantDeployer(client.objectId) : [];

    const automaticRotation = rotation.timeAfterCreation !== undefined || rotation.timeBeforeExpiry !== undefined;
    this.key = new KeyVaultKey(this, "key", {
      name: keyName,
      keyVaultId: this.vault.id,
      keyType,
      keySize,
      keyOpts: keyOperations,
      notBeforeDate: props.key?.notBeforeDate,
      expirationDate: props.key?.expirationDate,
      rotationPolicy: {
        expireAfter: rotation.expireAfter,
        notifyBeforeExpiry: rotation.notifyBeforeExpiry,
        automatic: automaticRotation
          ? { timeAfterCreation: rotation.timeAfterCreation, timeBeforeExpiry: rotation.timeBeforeExpiry }
          : undefined,
      },
      tags: props.tags,
      dependsOn: deployerAccess.length > 0 ? deployerAccess : undefined,
      lifecycle: {
        preventDestroy,
        // Every rotation policy gives new versions new dates, and a changed expiry forces a new key that
        // purge protection blocks: the dates are set once, at creation.
        ignoreChanges: ["expiration_date", "not_before_date"],
      },
    });

    if (props.deleteLock ?? false) this.deleteLock = addDeleteLock(this, this.vault.id, "key vault");

    this.vaultId = this.vault.id;
    this.keyVaultId = this.vault.id;
    this.vaultUri = this.vault.vaultUri;
    this.keyName = keyName;
    this.keyId = this.key.id;
    this.versionlessKeyId = this.key.versionlessId;

    refreshIndexOnSynth(this);
    this.node.addValidation({ validate: () => this.validateEscapeHatches() });
    this.warnOnWeakSettings({
      sku,
      keyType,
      network,
      publicNetworkAccessEnabled,
      rotation,
      automaticRotation,
      preventDestroy,
      datesGiven: props.key?.notBeforeDate !== undefined || props.key?.expirationDate !== undefined,
      grantDeployerAccess,
      notBeforeDate: props.key?.notBeforeDate,
    });
    warnWhenNotLogged(this, this.vaultId, POLICIES.vaultLogs, "key vault");
  }

  /**
   * Lets an identity get, wrap and unwrap this key, and nothing more.
   *
   * RBAC vaults: the role "Key Vault Crypto Service Encryption User" scoped to this key,
   * then a wait of `rbacPropagationDelay` so the assignment reaches Key Vault. Access-policy
   * vaults: a standalone access policy with Get, WrapKey and UnwrapKey.
   *
   * @param principalId object id of the identity (a namespace's managed identity)
   * @param tenantId tenant of the identity; defaults to the vault's tenant
   * @returns the resources a binding to this key must depend on
   */
  public grantKeyAccess(principalId: string, tenantId?: string): KeyAccessGrant {
    return grantKeyAccessOnce(
      this,
      {
        permissionModel: this.permissionModel,
        keyResourceId: this.key.resourceVersionlessId,
        keyVaultId: this.vault.id,
        defaultTenantId: () => this.tenantId,
        rbacPropagationDelay: this.rbacPropagationDelay,
        roleDefinitionName: CRYPTO_SERVICE_ENCRYPTION_USER_ROLE,
        keyPermissions: NAMESPACE_KEY_PERMISSIONS,
        preventDestroy: this.preventDestroy,
      },
      principalId,
      tenantId,
    );
  }

  /**
   * A key managed elsewhere (a central vault, another stack or subscription), to bind namespaces to.
   *
   * Nothing is looked up: the versionless id is built from the vault id and the key name, and
   * grants are made the way this construct makes them, following `permissionModel`.
   *
   * @example
   * const key = KeyVaultWithProtection.fromExistingKey(this, "central-key", {
   *   keyVaultId: "/subscriptions/<id>/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/kv-central",
   *   keyName: "cmk-eventhubs",
   *   permissionModel: "rbac",
   * });
   */
  public static fromExistingKey(scope: Construct, id: string, props: ExistingKeyProps): IByokKey {
    return new ExistingByokKey(scope, id, props);
  }

  private grantDeployer(deployerObjectId: string): ITerraformDependable[] {
    if (this.permissionModel === "rbac") {
      const assignment = new RoleAssignment(this, "deployer-crypto-officer", {
        scope: this.vault.id,
        roleDefinitionName: CRYPTO_OFFICER_ROLE,
        principalId: deployerObjectId,
      });
      return [this.propagationWait("deployer-crypto-officer-wait", assignment)];
    }
    return [
      new KeyVaultAccessPolicyA(this, "deployer-access", {
        keyVaultId: this.vault.id,
        tenantId: this.tenantId,
        objectId: deployerObjectId,
        keyPermissions: [...DEPLOYER_KEY_PERMISSIONS],
      }),
    ];
  }

  private propagationWait(id: string, assignment: RoleAssignment): Sleep {
    return propagationWait(this, id, assignment, this.rbacPropagationDelay);
  }

  /** Checks what the vault synthesizes to, so setters and `addOverride` cannot undo a guard. */
  private validateEscapeHatches(): string[] {
    const vault = synthesizedAttributes(this.vault);
    const inline = vault.access_policy;
    return new RuleChecker(this)
      .check(RULES.vaultNameUnique, { name: this.vault.nameInput ?? "", count: sameNameCount(this.vault) })
      .check(RULES.purgeProtection, vault.purge_protection_enabled === true)
      .check(RULES.softDeleteRetention, vault.soft_delete_retention_days as number)
      .check(RULES.inlineAccessPolicies, Array.isArray(inline) ? inline.length : 0).messages;
  }

  private warnOnWeakSettings(s: {
    sku: string;
    keyType: string;
    network: { defaultAction: string; ipRules: string[] };
    publicNetworkAccessEnabled: boolean;
    rotation: RotationPolicyInput;
    automaticRotation: boolean;
    datesGiven: boolean;
    notBeforeDate?: string;
    grantDeployerAccess: boolean;
    preventDestroy: boolean;
  }): void {
    const warn = (message: string) => Annotations.of(this).addWarning(message);
    if (s.network.defaultAction === "Allow") {
      warn(
        `network.defaultAction is "Allow": the vault accepts traffic from any network. Use "Deny" with the AzureServices bypass. ${weakens(POLICIES.vaultFirewall)}`,
      );
    }
    if (s.network.defaultAction === "Deny" && s.publicNetworkAccessEnabled && s.network.ipRules.length === 0) {
      warn(
        "the vault firewall denies all public traffic and lists no ipRules, so Terraform itself cannot reach the vault to create the key " +
          "unless it runs on a private network with a private endpoint. Add the deploying agent's address to network.ipRules.",
      );
    }
    if (this.permissionModel === "accessPolicy") {
      warn(
        `permissionModel is "accessPolicy": grants are vault-wide instead of scoped to the key. Use "rbac". ${weakens(POLICIES.vaultRbac)}`,
      );
    }
    if (s.keyType !== "RSA-HSM") {
      warn(
        `key.type is "${s.keyType}" in a ${s.sku} vault: the key is software-protected. Use a premium vault and "RSA-HSM". ${weakens(POLICIES.keyHsm)}`,
      );
    }
    if (!s.automaticRotation) {
      warn(
        `the key's rotation policy does not rotate automatically. Set key.rotationPolicy.timeAfterCreation or timeBeforeExpiry. ${weakens(POLICIES.keyRotation)}`,
      );
    }
    const expireDays = s.rotation.expireAfter === undefined ? undefined : isoDurationDays(s.rotation.expireAfter);
    if (expireDays !== undefined && expireDays < SHORT_KEY_LIFETIME_DAYS) {
      warn(
        `key versions expire after ${s.rotation.expireAfter}: if one rotation fails, the namespace loses its key within days. ` +
          `Prefer an expiry of P${SHORT_KEY_LIFETIME_DAYS}D or more with timeBeforeExpiry.`,
      );
    }
    const notBefore = activationMillis(s.notBeforeDate);
    if (notBefore !== undefined && notBefore > Date.now()) {
      warn(
        `key.notBeforeDate is ${s.notBeforeDate}: until then the key cannot unwrap, and a namespace bound to it before that ` +
          "date fails with 403. Create the bindings after the key is active.",
      );
    }
    if (s.datesGiven) {
      warn(
        "key.notBeforeDate / key.expirationDate apply to the key's first version only: Terraform ignores later changes to them, " +
          "because a changed expiry would force a new key. Rotation gives each new version its dates from the rotation policy.",
      );
    }
    const delaySeconds = goDurationSeconds(this.rbacPropagationDelay) ?? 0;
    if (this.permissionModel === "rbac" && delaySeconds < LIMITS.recommendedRbacDelaySeconds) {
      warn(
        `rbacPropagationDelay is ${this.rbacPropagationDelay}: role assignments can take minutes to reach Key Vault, and a binding ` +
          `made before that fails with 403. Wait at least ${LIMITS.recommendedRbacDelaySeconds}s.`,
      );
    }
    if (!s.grantDeployerAccess) {
      warn(
        "grantDeployerAccess is off: the identity running Terraform must already be allowed to create the key and to read and " +
          "write its rotation policy, or the apply and every later refresh fail with 403.",
      );
    }
    if (!s.preventDestroy) {
      warn(
        "preventDestroy is off: Terraform may destroy the vault, the key and the namespaces' grants, and every namespace bound to the key becomes unreadable.",
      );
    }
  }
}

/** The activation date as milliseconds, when it is a literal that parses. */
function activationMillis(date: string | undefined): number | undefined {
  return date !== undefined && isRfc3339Utc(date) ? DateTime.fromISO(date).toMillis() : undefined;
}

interface ResolvedVaultProps {
  name: string;
  sku: string;
  softDeleteRetentionDays: number;
  permissionModel: string;
  network: { defaultAction: string; bypass: string; ipRules: string[]; virtualNetworkSubnetIds: string[] };
  keyName: string;
  keyType: string;
  keySize: number;
  keyOperations: readonly string[];
  notBeforeDate?: string;
  expirationDate?: string;
  rotation: RotationPolicyInput;
  rbacPropagationDelay: string;
  tenantId?: string;
}

function validateProps(scope: Construct, p: ResolvedVaultProps): void {
  const c = new RuleChecker(scope)
    .check(RULES.vaultName, p.name)
    .check(RULES.tenantId, p.tenantId)
    .check(RULES.vaultSku, p.sku)
    .check(RULES.softDeleteRetention, p.softDeleteRetentionDays)
    .check(RULES.permissionModel, p.permissionModel)
    .check(RULES.networkDefaultAction, p.network.defaultAction)
    .check(RULES.networkBypass, p.network.bypass)
    .check(RULES.trustedServicePath, { defaultAction: p.network.defaultAction, bypass: p.network.bypass })
    .check(RULES.serviceEndpoints, p.network.virtualNetworkSubnetIds)
    .check(RULES.rbacPropagationDelay, p.rbacPropagationDelay)
    .check(RULES.keyName, p.keyName)
    .check(RULES.keyType, p.keyType)
    .check(RULES.keyHsmNeedsPremium, { type: p.keyType, sku: p.sku })
    .check(RULES.keySize, p.keySize)
    .check(RULES.keyOperationsKnown, p.keyOperations)
    .check(RULES.keyOperationsWrap, p.keyOperations)
    .check(RULES.keyNotBeforeDate, p.notBeforeDate)
    .check(RULES.vaultIpRule, p.network.ipRules)
    .check(RULES.keyExpirationDate, p.expirationDate)
    .checkExpression(RULES.keyDatesFixed, p.notBeforeDate)
    .checkExpression(RULES.keyDatesFixed, p.expirationDate);
  if (
    p.notBeforeDate !== undefined &&
    p.expirationDate !== undefined &&
    RULES.keyNotBeforeDate.check(p.notBeforeDate) &&
    RULES.keyExpirationDate.check(p.expirationDate)
  ) {
    c.check(RULES.keyDatesOrdered, { notBefore: p.notBeforeDate, expiration: p.expirationDate });
  }
  if (p.expirationDate !== undefined && RULES.keyExpirationDate.check(p.expirationDate)) {
    c.check(RULES.keyExpirationFuture, p.expirationDate);
  }

  const durations = [
    p.rotation.expireAfter,
    p.rotation.notifyBeforeExpiry,
    p.rotation.timeAfterCreation,
    p.rotation.timeBeforeExpiry,
  ];
  const before = c.violations.length;
  durations.forEach((d) => c.check(RULES.rotationDuration, d));
  // Relations between durations only make sense once each one parses.
  if (c.violations.length === before) {
    c.check(RULES.rotationExpireAfter, p.rotation.expireAfter)
      .check(RULES.rotationNotify, p.rotation.notifyBeforeExpiry)
      .check(RULES.rotationNotifyNeedsExpiry, p.rotation)
      .check(RULES.rotationHasAction, p.rotation)
      .check(RULES.rotationOneTrigger, p.rotation)
      .check(RULES.rotationBeforeExpiryNeedsExpiry, p.rotation)
      .check(RULES.rotationWindow, p.rotation);
  }
  c.throwIfAny();
}
