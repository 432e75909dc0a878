import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { Construct } from "constructs";

/**
 * A `CanNotDelete` management lock on a resource: Azure then refuses to delete it from any tool
 * (portal, CLI, another Terraform state) until the lock is removed.
 */
export function addDeleteLock(scope: Construct, resourceId: string, what: string): ManagementLock {
  return new ManagementLock(scope, "delete-lock", {
    name: "byok-do-not-delete",
    scope: resourceId,
    lockLevel: "CanNotDelete",
    notes: `Deleting this ${what} makes the Event Hubs data encrypted with its customer-managed key unreadable.`,
  });
}
