import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { TerraformStack } from "cdktf";
import { CmkNamespace, CRYPTO_SERVICE_ENCRYPTION_USER_ROLE, KeyVaultPermissionModel } from "../src";
import { addressOf, jsonOf, newStack, newVault, resourcesOf, synth, SynthesizedStack } from "./support/synth";

/** Every resource address each resource waits for: its depends_on and the resources its attributes reference. */
function dependencyGraph(json: SynthesizedStack): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [type, resources] of Object.entries(json.resource)) {
    for (const [name, body] of Object.entries(resources)) {
      const edges = new Set<string>((body.depends_on as string[] | undefined) ?? []);
      const attributes = Object.entries(body).filter(([field]) => field !== "depends_on");
      for (const match of JSON.stringify(attributes).matchAll(/\$\{([a-z_]+)\.([^.}\s\]]+)/g)) {
        if (match[1] !== "data" && match[1] !== "var") edges.add(`${match[1]}.${match[2]}`);
      }
      graph.set(`${type}.${name}`, edges);
    }
  }
  return graph;
}

/** The resources on a dependency cycle, or none. */
function findCycle(graph: Map<string, Set<string>>): string[] {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] => {
    if (state.get(node) === "done") return [];
    if (state.get(node) === "visiting") return stack.slice(stack.indexOf(node));
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle.length > 0) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return [];
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle.length > 0) return cycle;
  }
  return [];
}

/** Everything `from` waits for, directly or not. */
function waitsFor(graph: Map<string, Set<string>>, from: string): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    for (const next of graph.get(queue.pop() as string) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function userIdentityNamespace(permissionModel: KeyVaultPermissionModel): {
  stack: TerraformStack;
  identity: UserAssignedIdentity;
  ns: CmkNamespace;
} {
  const stack = newStack();
  const vault = newVault(stack, { permissionModel });
  const identity = new UserAssignedIdentity(stack, "identity", {
    name: "id-test-eventhubs",
    resourceGroupName: "rg",
    location: "westeurope",
  });
  const ns = new CmkNamespace(stack, "ns", {
    name: "evhns-test-user-id",
    resourceGroupName: "rg",
    location: "westeurope",
    key: vault,
    identity: { type: "UserAssigned", userAssignedIdentity: { id: identity.id, principalId: identity.principalId } },
  });
  ns.addEventHub("orders");
  return { stack, identity, ns };
}

describe("CmkNamespace with a user-assigned identity the caller creates", () => {
  test("grants the identity's principal, attaches the identity and binds through it", () => {
    const { stack, identity, ns } = userIdentityNamespace("rbac");
    const json = synth(stack);
    const grant = Object.values(resourcesOf(json, "azurerm_role_assignment")).find(
      (r) => r.role_definition_name === CRYPTO_SERVICE_ENCRYPTION_USER_ROLE,
    );
    expect(grant?.principal_id).toBe(`\${${addressOf(identity)}.principal_id}`);
    expect(jsonOf(json, ns.namespace).identity).toEqual({
      type: "UserAssigned",
      identity_ids: [`\${${addressOf(identity)}.id}`],
    });
    expect(jsonOf(json, ns.customerManagedKey).user_assigned_identity_id).toBe(`\${${addressOf(identity)}.id}`);
  });

  test.each<KeyVaultPermissionModel>(["rbac", "accessPolicy"])(
    "makes the grant before the namespace exists, with no dependency cycle (%s vault)",
    (permissionModel) => {
      const { stack, identity, ns } = userIdentityNamespace(permissionModel);
      const json = synth(stack);
      const graph = dependencyGraph(json);
      expect(findCycle(graph)).toEqual([]);

      const grantType = permissionModel === "rbac" ? "azurerm_role_assignment" : "azurerm_key_vault_access_policy";
      const grants = Object.entries(resourcesOf(json, grantType))
        .filter(([, r]) => (r.principal_id ?? r.object_id) === `\${${addressOf(identity)}.principal_id}`)
        .map(([name]) => `${grantType}.${name}`);
      expect(grants).toHaveLength(1);
      const namespaceWaits = waitsFor(graph, addressOf(ns.namespace));
      expect(namespaceWaits).toContain(grants[0]);
      expect(namespaceWaits).toContain(addressOf(identity));
      expect(waitsFor(graph, addressOf(ns.customerManagedKey))).toContain(addressOf(ns.namespace));
      const [hub] = Object.keys(resourcesOf(json, "azurerm_eventhub"));
      expect(waitsFor(graph, `azurerm_eventhub.${hub}`)).toContain(addressOf(ns.customerManagedKey));
    },
  );

  test("finds the cycle a namespace would make with a grant that waits for it", () => {
    const graph = new Map([
      ["a.x", new Set(["b.y"])],
      ["b.y", new Set(["a.x"])],
    ]);
    expect(findCycle(graph)).toEqual(["a.x", "b.y"]);
  });
});
