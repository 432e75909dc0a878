import { Testing, Token } from "cdktf";
import { CRYPTO_OFFICER_ROLE, CRYPTO_SERVICE_ENCRYPTION_USER_ROLE, KeyVaultWithProtection } from "../src";
import {
  addressOf,
  child,
  jsonOf,
  newStack,
  newVault,
  onlyResource,
  resolve,
  resourcesOf,
  synth,
  vaultProps,
  warningsOf,
} from "./support/synth";

describe("KeyVaultWithProtection", () => {
  test("synthesizes the vault, the key, the deployer grant and its wait as in the snapshot", () => {
    const json = Testing.synthScope((scope) => {
      new KeyVaultWithProtection(scope, "vault", vaultProps);
    });
    expect(json).toMatchSnapshot();
  });

  describe("vault", () => {
    test("always turns purge protection on and keeps deleted keys 90 days by default", () => {
      const stack = newStack();
      newVault(stack);
      const vault = onlyResource(synth(stack), "azurerm_key_vault");
      expect(vault.purge_protection_enabled).toBe(true);
      expect(vault.soft_delete_retention_days).toBe(90);
    });

    test("writes the firewall explicitly: Deny, AzureServices bypass, the deployer's addresses, no subnets", () => {
      const stack = newStack();
      newVault(stack);
      expect(onlyResource(synth(stack), "azurerm_key_vault").network_acls).toEqual({
        default_action: "Deny",
        bypass: "AzureServices",
        ip_rules: ["203.0.113.10"],
        virtual_network_subnet_ids: [],
      });
    });

    test("uses the RBAC permission model by default, through rbac_authorization_enabled", () => {
      const stack = newStack();
      newVault(stack);
      const vault = onlyResource(synth(stack), "azurerm_key_vault");
      expect(vault.rbac_authorization_enabled).toBe(true);
      expect(vault).not.toHaveProperty("enable_rbac_authorization");
      expect(vault).not.toHaveProperty("access_policy");
    });

    test("defaults to the premium sku and the tenant of the identity running Terraform", () => {
      const stack = newStack();
      newVault(stack);
      const json = synth(stack);
      const vault = onlyResource(json, "azurerm_key_vault");
      expect(vault.sku_name).toBe("premium");
      expect(vault.tenant_id).toMatch(/^\$\{data\.azurerm_client_config\.[^.]+\.tenant_id\}$/);
      expect(Object.keys(json.data?.azurerm_client_config ?? {})).toHaveLength(1);
    });

    test("keeps a tenant id that is given", () => {
      const stack = newStack();
      newVault(stack, { tenantId: "00000000-0000-0000-0000-000000000001" });
      expect(onlyResource(synth(stack), "azurerm_key_vault").tenant_id).toBe("00000000-0000-0000-0000-000000000001");
    });
  });

  describe("key", () => {
    test("is an HSM-backed 3072-bit RSA key that can only wrap and unwrap, in a premium vault", () => {
      const stack = newStack();
      newVault(stack);
      const key = onlyResource(synth(stack), "azurerm_key_vault_key");
      expect(key.key_type).toBe("RSA-HSM");
      expect(key.key_size).toBe(3072);
      expect(key.key_opts).toEqual(["wrapKey", "unwrapKey"]);
    });

    test("is a software RSA key in a standard vault", () => {
      const stack = newStack();
      newVault(stack, { sku: "standard" });
      expect(onlyResource(synth(stack), "azurerm_key_vault_key").key_type).toBe("RSA");
    });

    test("rotates 30 days before a one-year expiry by default", () => {
      const stack = newStack();
      newVault(stack);
      expect(onlyResource(synth(stack), "azurerm_key_vault_key").rotation_policy).toEqual({
        automatic: { time_before_expiry: "P30D" },
        expire_after: "P1Y",
        notify_before_expiry: "P30D",
      });
    });

    test("writes a rotation policy that is given, in place of the default", () => {
      const stack = newStack();
      newVault(stack, { key: { rotationPolicy: { timeAfterCreation: "P90D", expireAfter: "P180D" } } });
      expect(onlyResource(synth(stack), "azurerm_key_vault_key").rotation_policy).toEqual({
        automatic: { time_after_creation: "P90D" },
        expire_after: "P180D",
      });
    });

    test("is created only after the deployer's Crypto Officer role has had time to propagate", () => {
      const stack = newStack();
      const vault = newVault(stack);
      const json = synth(stack);
      const officer = Object.values(resourcesOf(json, "azurerm_role_assignment")).find(
        (r) => r.role_definition_name === CRYPTO_OFFICER_ROLE,
      );
      expect(officer?.scope).toMatch(/^\$\{azurerm_key_vault\.[^.]+\.id\}$/);
      expect(officer?.principal_id).toMatch(/azurerm_client_config\.[^.]+\.object_id/);
      const wait = addressOf(child(vault, "deployer-crypto-officer-wait"));
      expect(onlyResource(json, "azurerm_key_vault_key").depends_on).toEqual([wait]);
    });

    test("is protected from destroy, with the vault, unless preventDestroy is off", () => {
      const stack = newStack();
      const guarded = newVault(stack);
      const unguarded = newVault(stack, { name: "kv-test-byok-2", preventDestroy: false }, "unguarded");
      const json = synth(stack);
      expect(jsonOf(json, guarded.vault).lifecycle).toEqual({ prevent_destroy: true });
      expect(jsonOf(json, guarded.key).lifecycle).toMatchObject({ prevent_destroy: true });
      expect(jsonOf(json, unguarded.vault).lifecycle).toEqual({ prevent_destroy: false });
      expect(jsonOf(json, unguarded.key).lifecycle).toMatchObject({ prevent_destroy: false });
    });
  });

  describe("grantKeyAccess", () => {
    test("assigns Crypto Service Encryption User on the key itself, then waits rbacPropagationDelay", () => {
      const stack = newStack();
      const vault = newVault(stack, { rbacPropagationDelay: "90s" });
      const grant = vault.grantKeyAccess("11111111-1111-1111-1111-111111111111");
      const json = synth(stack);
      const assignment = Object.values(resourcesOf(json, "azurerm_role_assignment")).find(
        (r) => r.role_definition_name === CRYPTO_SERVICE_ENCRYPTION_USER_ROLE,
      );
      expect(assignment?.scope).toMatch(/^\$\{azurerm_key_vault_key\.[^.]+\.resource_versionless_id\}$/);
      expect(assignment?.principal_id).toBe("11111111-1111-1111-1111-111111111111");
      const waits = Object.values(resourcesOf(json, "time_sleep"));
      expect(waits.map((w) => w.create_duration)).toEqual(["90s", "90s"]);
      expect(grant.dependables).toHaveLength(1);
    });

    test("returns the same grant when asked twice for one principal", () => {
      const stack = newStack();
      const vault = newVault(stack);
      const first = vault.grantKeyAccess("11111111-1111-1111-1111-111111111111");
      const second = vault.grantKeyAccess("11111111-1111-1111-1111-111111111111");
      expect(second).toBe(first);
      expect(Object.keys(resourcesOf(synth(stack), "azurerm_role_assignment"))).toHaveLength(2);
    });

    test("writes one access policy per identity and vault, whichever of the vault's grants asks first", () => {
      const stack = newStack();
      const vault = newVault(stack, { permissionModel: "accessPolicy" });
      const first = vault.grantKeyAccess("11111111-1111-1111-1111-111111111111");
      expect(vault.grantKeyAccess("11111111-1111-1111-1111-111111111111")).toBe(first);
      expect(vault.grantKeyAccess("22222222-2222-2222-2222-222222222222")).not.toBe(first);
      const policies = Object.values(resourcesOf(synth(stack), "azurerm_key_vault_access_policy"));
      expect(policies.map((p) => p.object_id).sort()).toEqual([
        "${data.azurerm_client_config.byok-client-config.object_id}",
        "11111111-1111-1111-1111-111111111111",
        "22222222-2222-2222-2222-222222222222",
      ]);
    });

    test("writes a standalone access policy with Get, WrapKey and UnwrapKey in an access-policy vault", () => {
      const stack = newStack();
      const vault = newVault(stack, { permissionModel: "accessPolicy" });
      vault.grantKeyAccess("11111111-1111-1111-1111-111111111111");
      const json = synth(stack);
      const policies = Object.values(resourcesOf(json, "azurerm_key_vault_access_policy"));
      const namespacePolicy = policies.find((p) => p.object_id === "11111111-1111-1111-1111-111111111111");
      expect(namespacePolicy?.key_permissions).toEqual(["Get", "WrapKey", "UnwrapKey"]);
      expect(resourcesOf(json, "azurerm_role_assignment")).toEqual({});
      expect(onlyResource(json, "azurerm_key_vault").rbac_authorization_enabled).toBe(false);
    });
  });

  test("fits twice in one stack, sharing one client config and one time provider", () => {
    const stack = newStack();
    newVault(stack, {}, "a");
    newVault(stack, { name: "kv-test-byok-b" }, "b");
    const json = synth(stack);
    expect(Object.keys(resourcesOf(json, "azurerm_key_vault"))).toHaveLength(2);
    expect(Object.keys(json.data?.azurerm_client_config ?? {})).toHaveLength(1);
    expect(json.provider?.time).toHaveLength(1);
  });

  test("creates no provider other than time and no output", () => {
    const stack = newStack();
    newVault(stack);
    const json = synth(stack);
    expect(Object.keys(json.provider ?? {}).sort()).toEqual(["azurerm", "time"]);
    expect(json.output).toBeUndefined();
  });

  test("exposes the versionless key id for bindings and the versioned one apart", () => {
    const stack = newStack();
    const vault = newVault(stack);
    expect(resolve(stack, vault.versionlessKeyId)).toMatch(/\.versionless_id\}$/);
    expect(resolve(stack, vault.keyId)).toMatch(/azurerm_key_vault_key\.[^.]+\.id\}$/);
    expect(Token.isUnresolved(vault.vaultUri)).toBe(true);
  });

  test("warns through Annotations when the firewall leaves Terraform no path to the vault", () => {
    const stack = newStack();
    newVault(stack, { network: {} });
    expect(warningsOf(stack).some((m) => m.includes("network.ipRules"))).toBe(true);
  });

  test("does not warn about the firewall when the deployer's address is listed", () => {
    const stack = newStack();
    newVault(stack);
    expect(warningsOf(stack).filter((m) => m.includes("network.ipRules"))).toEqual([]);
  });

  describe("escape hatches", () => {
    test("refuses at synth a vault whose purge protection was turned off through the escape hatch", () => {
      const stack = newStack();
      newVault(stack).vault.purgeProtectionEnabled = false;
      expect(() => synth(stack)).toThrow(
        "[test/vault] KeyVaultWithProtection.vault.purgeProtectionEnabled: received false. Allowed: true: Event Hubs refuses a key from a vault without purge protection.",
      );
    });

    test("accepts other escape-hatch changes to the vault", () => {
      const stack = newStack();
      newVault(stack).vault.enabledForDiskEncryption = true;
      expect(() => synth(stack)).not.toThrow();
    });

    test("refuses at synth inline access policies added to the vault", () => {
      const stack = newStack();
      newVault(stack, { permissionModel: "accessPolicy" }).vault.putAccessPolicy([
        { tenantId: "t", objectId: "o", keyPermissions: ["Get"] },
      ]);
      expect(() => synth(stack)).toThrow("KeyVaultWithProtection.vault.accessPolicy: received 1 inline access policy.");
    });

    test("accepts an access-policy vault whose grants are all standalone", () => {
      const stack = newStack();
      newVault(stack, { permissionModel: "accessPolicy" }).grantKeyAccess("11111111-1111-1111-1111-111111111111");
      expect(() => synth(stack)).not.toThrow();
    });

    test("refuses at synth purge protection turned off with addOverride", () => {
      const stack = newStack();
      newVault(stack).vault.addOverride("purge_protection_enabled", false);
      expect(() => synth(stack)).toThrow("KeyVaultWithProtection.vault.purgeProtectionEnabled: received false.");
    });

    test("refuses at synth a soft-delete retention of 3 days set with addOverride", () => {
      const stack = newStack();
      newVault(stack).vault.addOverride("soft_delete_retention_days", 3);
      expect(() => synth(stack)).toThrow("KeyVaultWithProtection.softDeleteRetentionDays: received 3.");
    });

    test("refuses at synth an inline access policy added with addOverride", () => {
      const stack = newStack();
      newVault(stack).vault.addOverride("access_policy", [
        { tenant_id: "t", object_id: "o", key_permissions: ["Get"] },
      ]);
      expect(() => synth(stack)).toThrow("received 1 inline access policy");
    });

    test("accepts an override that keeps the guards, such as a tag", () => {
      const stack = newStack();
      newVault(stack).vault.addOverride("tags.owner", "platform");
      expect(() => synth(stack)).not.toThrow();
    });
  });

  describe("warnings", () => {
    test("warns when the deployer grant is turned off, and not by default", () => {
      expect(
        warningsOf(newVault(newStack(), { grantDeployerAccess: false })).some((w) =>
          w.startsWith("grantDeployerAccess is off"),
        ),
      ).toBe(true);
      expect(warningsOf(newVault(newStack())).some((w) => w.startsWith("grantDeployerAccess is off"))).toBe(false);
    });

    test("warns about an RBAC wait of 10s, and not about one of 30s", () => {
      expect(
        warningsOf(newVault(newStack(), { rbacPropagationDelay: "10s" })).some((w) =>
          w.startsWith("rbacPropagationDelay is 10s"),
        ),
      ).toBe(true);
      expect(
        warningsOf(newVault(newStack(), { rbacPropagationDelay: "30s" })).some((w) =>
          w.startsWith("rbacPropagationDelay"),
        ),
      ).toBe(false);
    });

    test("warns about a key that becomes active in 2100, and not about one active since 2020", () => {
      const later = warningsOf(newVault(newStack(), { key: { notBeforeDate: "2100-01-01T00:00:00Z" } }));
      expect(later.some((w) => w.startsWith("key.notBeforeDate is 2100-01-01T00:00:00Z"))).toBe(true);
      const active = warningsOf(newVault(newStack(), { key: { notBeforeDate: "2020-01-01T00:00:00Z" } }));
      expect(active.some((w) => w.startsWith("key.notBeforeDate is"))).toBe(false);
    });
  });
});
