import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { DefaultTokenResolver, StringConcat, TerraformResource, TerraformStack, Testing, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { KeyVaultWithProtection, KeyVaultWithProtectionProps } from "../../src";

/** Synthesized Terraform JSON, typed loosely enough to walk. */
export interface SynthesizedStack {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, unknown[]>;
  output?: Record<string, { value: unknown; description?: string }>;
}

/** A fresh stack with the azurerm provider, as a user would declare it. */
export function newStack(id = "test"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

/** Synthesizes the stack (running its validations) and parses the JSON. */
export function synth(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack, true)) as SynthesizedStack;
}

/** The resources of one type, keyed by logical id. */
export function resourcesOf(json: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

/** The only resource of a type; fails when there are none or several. */
export function onlyResource(json: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The `type.logicalId` address Terraform knows the resource by, as depends_on names it. */
export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${TerraformStack.of(resource).getLogicalId(resource)}`;
}

/** The synthesized JSON of one resource construct. */
export function jsonOf(json: SynthesizedStack, resource: TerraformResource): Record<string, unknown> {
  const found = resourcesOf(json, resource.terraformResourceType)[TerraformStack.of(resource).getLogicalId(resource)];
  if (!found) throw new Error(`${resource.node.path} is not in the synthesized stack`);
  return found;
}

/** The resource construct at `path` below `scope` (e.g. "deployer-crypto-officer-wait"). */
export function child(scope: Construct, path: string): TerraformResource {
  const found = scope.node.findChild(path);
  if (!(found instanceof TerraformResource)) throw new Error(`${path} is not a resource`);
  return found;
}

/** Resolves a token to the Terraform expression it stands for. */
export function resolve(scope: Construct, value: unknown): unknown {
  return Tokenization.resolve(value, {
    scope,
    preparing: false,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
}

/** Valid vault props, for tests to vary one field at a time. */
export const vaultProps: KeyVaultWithProtectionProps = {
  name: "kv-test-byok",
  resourceGroupName: "rg-test",
  location: "westeurope",
  network: { ipRules: ["203.0.113.10"] },
};

/** A vault with valid props and the given changes. */
export function newVault(
  scope: Construct,
  changes: Partial<KeyVaultWithProtectionProps> = {},
  id = "vault",
): KeyVaultWithProtection {
  return new KeyVaultWithProtection(scope, id, { ...vaultProps, ...changes });
}

/** The warning texts that constructs in the scope added through Annotations. */
export function warningsOf(scope: Construct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === "@cdktf/warn")
    .map((m) => String(m.data));
}
