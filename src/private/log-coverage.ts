import { Annotations, Aspects } from "cdktf";
import { IConstruct } from "constructs";
import { SecurityPolicy, weakens } from "../policies";

const covered = new WeakSet<object>();

/** Records that a diagnostic setting streams this construct's resource logs. */
export function markLogged(target: object): void {
  covered.add(target);
}

/**
 * Warns at synth when nothing in the stack streams the construct's resource logs. Checked as an
 * aspect, after the whole stack is built, because diagnostics are usually added later.
 */
export function warnWhenNotLogged(construct: IConstruct, policy: SecurityPolicy, what: string): void {
  Aspects.of(construct).add({
    visit: (node) => {
      if (node !== construct || covered.has(construct)) return;
      Annotations.of(construct).addWarning(
        `no diagnostic setting streams this ${what}'s logs; add a ByokDiagnostics for it. ${weakens(policy)}`,
      );
    },
  });
}
