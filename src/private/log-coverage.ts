import { Annotations, Aspects, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { SecurityPolicy, weakens } from "../policies";
import { expressionOf } from "./tokens";

/** Per stack, the resource ids (as Terraform expressions) that a diagnostic setting streams logs of. */
const logged = new WeakMap<TerraformStack, Set<string>>();

function loggedIn(scope: IConstruct): Set<string> {
  const stack = TerraformStack.of(scope);
  const ids = logged.get(stack) ?? new Set<string>();
  logged.set(stack, ids);
  return ids;
}

/** Records that a diagnostic setting in `scope`'s stack streams the logs of the resource `resourceId`. */
export function markLogged(scope: IConstruct, resourceId: string): void {
  loggedIn(scope).add(expressionOf(scope, resourceId));
}

/**
 * Warns at synth when nothing in the stack streams the logs of the construct's resource
 * `resourceId`. Checked as an aspect, after the whole stack is built, because diagnostics are
 * usually added later; ids are compared as expressions, so a setting given the id in any form counts.
 */
export function warnWhenNotLogged(
  construct: IConstruct,
  resourceId: string,
  policy: SecurityPolicy,
  what: string,
): void {
  Aspects.of(construct).add({
    visit: (node) => {
      if (node !== construct || loggedIn(construct).has(expressionOf(construct, resourceId))) return;
      Annotations.of(construct).addWarning(
        `no diagnostic setting streams this ${what}'s logs; add a ByokDiagnostics for it. ${weakens(policy)}`,
      );
    },
  });
}
