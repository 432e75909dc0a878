import { KeyVaultAccessPolicyA } from "@cdktf/provider-azurerm/lib/key-vault-access-policy";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { createHash } from "crypto";
import { KeyAccessGrant, KeyVaultPermissionModel } from "../byok-key";
import { ensureTimeProvider } from "./stack-singletons";
import { expressionOf } from "./tokens";

/** How a key grants wrap/unwrap to an identity: what the grant names and how it is made. */
export interface KeyGrantSettings {
  /** Whether the vault uses RBAC role assignments or access policies. */
  readonly permissionModel: KeyVaultPermissionModel;
  /** Azure resource id of the key (`<vaultId>/keys/<name>`): the RBAC role is scoped to it. */
  readonly keyResourceId: string;
  /** Azure resource id of the vault: access policies are set on it. */
  readonly keyVaultId: string;
  /** Tenant of the identity when the caller names none. */
  readonly defaultTenantId: () => string;
  /** How long to wait after an RBAC assignment, as time_sleep takes it. */
  readonly rbacPropagationDelay: string;
  /** The role assigned in RBAC vaults. */
  readonly roleDefinitionName: string;
  /** The key permissions of the access policy in access-policy vaults. */
  readonly keyPermissions: readonly string[];
  /** Whether Terraform refuses to destroy the grant: removing it locks the namespace out of its data. */
  readonly preventDestroy: boolean;
}

/** Per stack, the grants made so far, by what Azure would see as the same grant. */
const grantsByStack = new WeakMap<TerraformStack, Map<string, KeyAccessGrant>>();

/**
 * Grants `principalId` wrap/unwrap on a key, once per principal and target in the stack.
 *
 * Azure refuses a second role assignment with the same scope, role and principal, and a
 * second access policy for the same principal on one vault, so a grant that exists already
 * (made through another handle of the same key, or for another key of the same
 * access-policy vault) is returned instead of made again. The grants live under `scope` with
 * ids derived from the principal (`grant-<hash>`), so a grant keeps its Terraform address
 * whatever order grants are made in.
 */
export function grantKeyAccessOnce(
  scope: Construct,
  settings: KeyGrantSettings,
  principalId: string,
  tenantId?: string,
): KeyAccessGrant {
  const principalKey = expressionOf(scope, principalId);
  const target = settings.permissionModel === "rbac" ? settings.keyResourceId : settings.keyVaultId;
  // Resource ids are case-insensitive in Azure.
  const grantKey = `${settings.permissionModel}|${expressionOf(scope, target).toLowerCase()}|${principalKey.toLowerCase()}`;
  const stack = TerraformStack.of(scope);
  const grants = grantsByStack.get(stack) ?? new Map<string, KeyAccessGrant>();
  grantsByStack.set(stack, grants);
  const existing = grants.get(grantKey);
  if (existing) return existing;
  const id = `grant-${createHash("sha256").update(principalKey).digest("hex").slice(0, 8)}`;

  let grant: KeyAccessGrant;
  if (settings.permissionModel === "rbac") {
    const assignment = new RoleAssignment(scope, id, {
      scope: settings.keyResourceId,
      roleDefinitionName: settings.roleDefinitionName,
      principalId,
      principalType: "ServicePrincipal",
      lifecycle: { preventDestroy: settings.preventDestroy },
    });
    grant = { dependables: [propagationWait(scope, `${id}-wait`, assignment, settings.rbacPropagationDelay)] };
  } else {
    const policy = new KeyVaultAccessPolicyA(scope, id, {
      keyVaultId: settings.keyVaultId,
      tenantId: tenantId ?? settings.defaultTenantId(),
      objectId: principalId,
      keyPermissions: [...settings.keyPermissions],
      lifecycle: { preventDestroy: settings.preventDestroy },
    });
    grant = { dependables: [policy] };
  }
  grants.set(grantKey, grant);
  return grant;
}

/** A time_sleep that starts after `assignment` and lasts `delay`, so the role reaches Key Vault before it is used. */
export function propagationWait(scope: Construct, id: string, assignment: RoleAssignment, delay: string): Sleep {
  ensureTimeProvider(scope);
  return new Sleep(scope, id, {
    createDuration: delay,
    // A replaced assignment needs a fresh wait.
    triggers: { role_assignment_id: assignment.id },
    dependsOn: [assignment],
  });
}
