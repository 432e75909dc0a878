import { TerraformStack } from "cdktf";
import {
  ByokDiagnostics,
  CmkNamespace,
  CmkNamespaceProps,
  KeyVaultWithProtection,
  KeyVaultWithProtectionProps,
  POLICIES,
} from "../src";
import { jsonOf, newStack, newVault, synth, warningsOf } from "./support/synth";

const workspaceId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log";

interface Deployment {
  stack: TerraformStack;
  vault: KeyVaultWithProtection;
  namespace: CmkNamespace;
}

/** A whole BYOK deployment with logs, as a user would compose it, with the given changes. */
function deploy(
  vaultChanges: Partial<KeyVaultWithProtectionProps> = {},
  namespaceChanges: Partial<CmkNamespaceProps> = {},
  withDiagnostics = true,
): Deployment {
  const stack = newStack();
  const vault = newVault(stack, vaultChanges);
  const namespace = new CmkNamespace(stack, "namespace", {
    name: "evhns-test-byok",
    resourceGroupName: "rg",
    location: "westeurope",
    key: vault,
    ...namespaceChanges,
  });
  if (withDiagnostics) {
    new ByokDiagnostics(stack, "diagnostics", { namespace, logAnalyticsWorkspaceId: workspaceId, keyVault: vault });
  }
  return { stack, vault, namespace };
}

/** The warnings of a synthesized deployment that name the policy. */
function warningsNaming(d: Deployment, policy: { id: string }): string[] {
  synth(d.stack);
  return warningsOf(d.stack).filter((w) => w.includes(`This weakens ${policy.id}:`));
}

describe("security policies the default stack passes", () => {
  test(`${POLICIES.namespaceCustomerManagedKey.id}: the namespace is always bound to a customer-managed key`, () => {
    const d = deploy();
    const binding = jsonOf(synth(d.stack), d.namespace.customerManagedKey);
    expect(binding.key_vault_key_ids).toHaveLength(1);
    expect(binding.eventhub_namespace_id).toContain("azurerm_eventhub_namespace.");
  });

  test(`${POLICIES.namespaceDoubleEncryption.id}: infrastructure encryption is on, and turning it off warns`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.namespace.customerManagedKey).infrastructure_encryption_enabled).toBe(true);
    expect(warningsNaming(d, POLICIES.namespaceDoubleEncryption)).toEqual([]);
    const weak = deploy({}, { infrastructureEncryptionEnabled: false });
    expect(warningsNaming(weak, POLICIES.namespaceDoubleEncryption)).toHaveLength(1);
  });

  test(`${POLICIES.namespaceLocalAuthDisabled.id}: local authentication is off, and turning it on warns`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.namespace.namespace).local_authentication_enabled).toBe(false);
    expect(warningsNaming(d, POLICIES.namespaceLocalAuthDisabled)).toEqual([]);
    expect(
      warningsNaming(deploy({}, { localAuthenticationEnabled: true }), POLICIES.namespaceLocalAuthDisabled),
    ).toHaveLength(1);
  });

  test(`${POLICIES.namespacePublicAccessDisabled.id}: public access is off on the namespace and in its rule set, and turning it on warns`, () => {
    const d = deploy();
    const namespace = jsonOf(synth(d.stack), d.namespace.namespace);
    expect(namespace.public_network_access_enabled).toBe(false);
    expect((namespace.network_rulesets as Record<string, unknown>[])[0].public_network_access_enabled).toBe(false);
    expect(warningsNaming(d, POLICIES.namespacePublicAccessDisabled)).toEqual([]);
    const open = deploy({}, { publicNetworkAccessEnabled: true });
    const openNamespace = jsonOf(synth(open.stack), open.namespace.namespace);
    expect((openNamespace.network_rulesets as Record<string, unknown>[])[0].public_network_access_enabled).toBe(true);
    expect(warningsNaming(open, POLICIES.namespacePublicAccessDisabled)).toHaveLength(1);
  });

  test(`${POLICIES.namespaceTls12.id}: TLS 1.2 is the minimum, and anything older is refused`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.namespace.namespace).minimum_tls_version).toBe("1.2");
    expect(() => deploy({}, { minimumTlsVersion: "1.0" as never })).toThrow("(rule NS-TLS)");
  });

  test(`${POLICIES.vaultPurgeProtection.id}: purge protection is always on and cannot be turned off`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.vault.vault).purge_protection_enabled).toBe(true);
    d.vault.vault.purgeProtectionEnabled = false;
    expect(() => synth(d.stack)).toThrow("(rule KV-PURGE-PROTECTION)");
  });

  test(`${POLICIES.vaultSoftDelete.id}: soft-delete retention is written explicitly`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.vault.vault).soft_delete_retention_days).toBe(90);
    const shorter = deploy({ softDeleteRetentionDays: 30 });
    expect(jsonOf(synth(shorter.stack), shorter.vault.vault).soft_delete_retention_days).toBe(30);
  });

  test(`${POLICIES.vaultFirewall.id}: the firewall denies with the AzureServices bypass, and allowing all warns`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.vault.vault).network_acls).toMatchObject({
      default_action: "Deny",
      bypass: "AzureServices",
    });
    expect(warningsNaming(d, POLICIES.vaultFirewall)).toEqual([]);
    expect(warningsNaming(deploy({ network: { defaultAction: "Allow" } }), POLICIES.vaultFirewall)).toHaveLength(1);
  });

  test(`${POLICIES.vaultRbac.id}: the vault uses RBAC, and access policies warn`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.vault.vault).rbac_authorization_enabled).toBe(true);
    expect(warningsNaming(d, POLICIES.vaultRbac)).toEqual([]);
    expect(warningsNaming(deploy({ permissionModel: "accessPolicy" }), POLICIES.vaultRbac)).toHaveLength(1);
  });

  test(`${POLICIES.keyHsm.id}: the key is HSM-backed on premium, and a software key warns`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.vault.key).key_type).toBe("RSA-HSM");
    expect(warningsNaming(d, POLICIES.keyHsm)).toEqual([]);
    expect(warningsNaming(deploy({ key: { type: "RSA" } }), POLICIES.keyHsm)).toHaveLength(1);
    expect(warningsNaming(deploy({ sku: "standard" }), POLICIES.keyHsm)).toHaveLength(1);
  });

  test(`${POLICIES.keyRsaSize.id}: the key is 3072 bits by default, and below 2048 is refused`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.vault.key).key_size).toBe(3072);
    expect(() => deploy({ key: { size: 1024 as never } })).toThrow("(rule KEY-SIZE)");
  });

  test(`${POLICIES.keyRotation.id}: the key rotates automatically, and a policy without rotation warns`, () => {
    const d = deploy();
    expect(jsonOf(synth(d.stack), d.vault.key).rotation_policy).toMatchObject({
      automatic: { time_before_expiry: "P30D" },
    });
    expect(warningsNaming(d, POLICIES.keyRotation)).toEqual([]);
    expect(
      warningsNaming(deploy({ key: { rotationPolicy: { expireAfter: "P1Y" } } }), POLICIES.keyRotation),
    ).toHaveLength(1);
  });

  test(`${POLICIES.namespaceLogs.id}: a namespace without diagnostics warns, one with diagnostics does not`, () => {
    expect(warningsNaming(deploy(), POLICIES.namespaceLogs)).toEqual([]);
    expect(warningsNaming(deploy({}, {}, false), POLICIES.namespaceLogs)).toHaveLength(1);
  });

  test(`${POLICIES.vaultLogs.id}: a vault whose audit logs nobody streams warns`, () => {
    expect(warningsNaming(deploy(), POLICIES.vaultLogs)).toEqual([]);
    expect(warningsNaming(deploy({}, {}, false), POLICIES.vaultLogs)).toHaveLength(1);
  });

  test(`${POLICIES.vaultLogs.id}: a vault counts as logged whichever form its id is given to the diagnostics in`, () => {
    const d = deploy({}, {}, false);
    new ByokDiagnostics(d.stack, "diagnostics", {
      namespace: d.namespace,
      logAnalyticsWorkspaceId: workspaceId,
      keyVault: { keyVaultId: d.vault.vaultId },
    });
    expect(warningsNaming(d, POLICIES.vaultLogs)).toEqual([]);
  });
});
