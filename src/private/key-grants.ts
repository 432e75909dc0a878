import { KeyVaultAccessPolicyA } from "@cdktf/provider-azurerm/lib/key-vault-access-policy";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
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

/**
 * Grants `principalId` wrap/unwrap on a key, once per principal.
 *
 * The grants live under `scope` with ids derived from the principal (`grant-<hash>`), so a
 * grant keeps its Terraform address whatever order grants are made in; `grants` remembers
 * them so that a second call for the same principal returns the first grant.
 */
export function grantKeyAccessOnce(
  scope: Construct,
  grants: Map<string, KeyAccessGrant>,
  settings: KeyGrantSettings,
  principalId: string,
  tenantId?: string,
): KeyAccessGrant {
  const principalKey = expressionOf(scope, principalId);
  const existing = grants.get(principalKey);
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
  grants.set(principalKey, grant);
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
