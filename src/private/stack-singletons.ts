import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { TerraformProvider, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

const TIME_PROVIDER_ID = "time";
const CLIENT_CONFIG_ID = "byok-client-config";

/**
 * Makes sure the stack has a `time` provider, once, whatever the number of constructs.
 *
 * The user declares only azurerm; the time provider needs no settings, so the constructs add
 * it. A time provider the user declared anywhere in the stack is reused instead.
 */
export function ensureTimeProvider(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (stack.node.tryFindChild(TIME_PROVIDER_ID)) return;
  const declared = stack.node
    .findAll()
    .some((c) => c instanceof TerraformProvider && c.terraformResourceType === "time");
  if (!declared) new TimeProvider(stack, TIME_PROVIDER_ID);
}

/** The stack's one `azurerm_client_config` data source: the tenant and object id of whoever runs Terraform. */
export function clientConfig(scope: IConstruct): DataAzurermClientConfig {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(CLIENT_CONFIG_ID);
  if (existing instanceof DataAzurermClientConfig) return existing;
  return new DataAzurermClientConfig(stack, CLIENT_CONFIG_ID);
}
