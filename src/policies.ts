/**
 * A security check from the rule sets auditors run against Azure (Azure Policy built-ins,
 * Checkov, Trivy), that the constructs pass by default.
 */
export interface SecurityPolicy {
  /** This library's name for the check, quoted in warnings. */
  readonly id: string;
  /** What the check demands. */
  readonly title: string;
  /**
   * The Azure Policy built-in definition (its GUID name).
   * @default - Azure Policy has no built-in for this check
   */
  readonly azurePolicy?: string;
  /**
   * The Checkov check id.
   * @default - Checkov has no check for this
   */
  readonly checkov?: string;
  /**
   * The Trivy (AVD) check id.
   * @default - Trivy has no check for this
   */
  readonly trivy?: string;
}

/** The checks the synthesized stack passes by default. Turning one off emits a warning naming it. */
export const POLICIES = {
  namespaceCustomerManagedKey: {
    id: "EVENTHUB-CMK",
    title: "Event Hub namespaces should use a customer-managed key for encryption",
    azurePolicy: "a1ad735a-e96f-45d2-a7b2-9a4932cab7ec",
  },
  namespaceDoubleEncryption: {
    id: "EVENTHUB-DOUBLE-ENCRYPTION",
    title: "Event Hub namespaces should have double encryption enabled",
    azurePolicy: "836cd60e-87f3-4e6a-a27c-29d687f01a4c",
  },
  namespaceLocalAuthDisabled: {
    id: "EVENTHUB-LOCAL-AUTH-DISABLED",
    title: "Azure Event Hub namespaces should have local authentication methods disabled",
    azurePolicy: "5d4e3c65-4873-47be-94f3-6f8b953a3598",
  },
  namespacePublicAccessDisabled: {
    id: "EVENTHUB-PUBLIC-ACCESS-DISABLED",
    title: "Event Hub Namespaces should disable public network access",
    azurePolicy: "0602787f-9896-402a-a6e1-39ee63ee435e",
  },
  namespaceTls12: {
    id: "EVENTHUB-TLS-1-2",
    title: "Ensure Event Hub Namespace uses at least TLS 1.2",
    checkov: "CKV_AZURE_223",
  },
  vaultPurgeProtection: {
    id: "KEYVAULT-PURGE-PROTECTION",
    title: "Key vaults should have deletion protection enabled",
    azurePolicy: "0b60c0b2-2dc2-4e1c-b5c9-abbed971de53",
    checkov: "CKV_AZURE_110",
    trivy: "AVD-AZU-0016",
  },
  vaultSoftDelete: {
    id: "KEYVAULT-SOFT-DELETE",
    title: "Key vaults should have soft delete enabled",
    azurePolicy: "1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d",
    checkov: "CKV_AZURE_111",
  },
  vaultFirewall: {
    id: "KEYVAULT-FIREWALL",
    title: "Azure Key Vault should have firewall enabled",
    azurePolicy: "55615ac9-af46-4a59-874e-391cc3dfb490",
    checkov: "CKV_AZURE_109",
    trivy: "AVD-AZU-0013",
  },
  vaultRbac: {
    id: "KEYVAULT-RBAC",
    title: "Azure Key Vault should use RBAC permission model",
    azurePolicy: "12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5",
    checkov: "CKV_AZURE_242",
  },
  keyHsm: {
    id: "KEY-HSM",
    title: "Keys should be backed by a hardware security module (HSM)",
    azurePolicy: "587c79fe-dd04-4a5e-9d0b-f89598c7261b",
    checkov: "CKV_AZURE_112",
  },
  keyRsaSize: {
    id: "KEY-RSA-MINIMUM-SIZE",
    title: "Keys using RSA cryptography should have a specified minimum key size",
    azurePolicy: "82067dbb-e53b-4e06-b631-546d197452d9",
  },
  keyRotation: {
    id: "KEY-ROTATION-POLICY",
    title:
      "Keys should have a rotation policy ensuring that their rotation is scheduled within the specified number of days after creation",
    azurePolicy: "d8cf8476-a2ec-4916-896e-992351803c44",
  },
  namespaceLogs: {
    id: "EVENTHUB-RESOURCE-LOGS",
    title: "Resource logs in Event Hub should be enabled",
    azurePolicy: "83a214f7-d01a-484b-91a9-ed54470c9a6a",
  },
  vaultLogs: {
    id: "KEYVAULT-RESOURCE-LOGS",
    title: "Resource logs in Key Vault should be enabled",
    azurePolicy: "cf820ca0-f99e-4f3e-84fb-66e913812d21",
  },
} as const satisfies Record<string, SecurityPolicy>;

/** The text a warning ends with: which check a setting weakens, with its ids in each rule set. */
export function weakens(policy: SecurityPolicy): string {
  const ids = [
    policy.azurePolicy && `Azure Policy ${policy.azurePolicy}`,
    policy.checkov && `Checkov ${policy.checkov}`,
    policy.trivy && `Trivy ${policy.trivy}`,
  ].filter(Boolean);
  return `This weakens ${policy.id}: "${policy.title}" (${ids.join(", ")}).`;
}
