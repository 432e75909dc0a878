import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { expressionOf } from "./private/tokens";
import { Rule } from "./rules";

/** One refused value: the rule it breaks and the text shown to the user. */
export interface RuleViolation {
  /** The id of the broken rule, e.g. `KV-RETENTION`. */
  readonly ruleId: string;
  /** The construct path of the construct whose props were refused. */
  readonly path: string;
  /** The full message: path, field, value received, what is allowed and the fix. */
  readonly message: string;
  /** The message without the leading `[path]`, for cdktf validations, which add the path themselves. */
  readonly detail: string;
}

/** Thrown by a construct whose props Azure would refuse; lists every problem found, not only the first. */
export class ByokValidationError extends Error {
  /** Every problem found in the construct's props. */
  public readonly violations: readonly RuleViolation[];

  constructor(violations: readonly RuleViolation[]) {
    const lines = violations.map((v) => `  - ${v.message}`).join("\n");
    super(`${violations.length} problem${violations.length === 1 ? "" : "s"} in the BYOK configuration:\n${lines}`);
    this.name = "ByokValidationError";
    this.violations = violations;
  }
}

/**
 * True when the value is, or holds, a Terraform token or a raw `${...}` interpolation: only
 * apply time knows its value.
 */
export function containsToken(value: unknown): boolean {
  if (typeof value === "string") return Token.isUnresolved(value) || value.includes("${");
  if (typeof value === "number") return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(containsToken);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsToken);
  return false;
}

/** Formats one violation of `rule` by `value` at the construct `path`. */
export function describeViolation<V>(path: string, rule: Rule<V>, value: V): RuleViolation {
  const received = rule.describe ? rule.describe(value) : JSON.stringify(value);
  const detail = `${rule.construct}.${rule.field}: received ${received}. Allowed: ${rule.allowed}. Fix: ${rule.fix}. (rule ${rule.id})`;
  return { ruleId: rule.id, path, message: `[${path}] ${detail}`, detail };
}

/**
 * Collects the violations of one construct so they can be reported together.
 *
 * Values holding Terraform tokens are skipped: they are unknown until apply, and a rule
 * must never fail on a value it cannot see.
 */
export class RuleChecker {
  private readonly found: RuleViolation[] = [];

  constructor(private readonly scope: IConstruct) {}

  /** Checks `value` against `rule` unless it is undefined or holds a token. */
  public check<V>(rule: Rule<V>, value: V | undefined): this {
    if (value === undefined || containsToken(value)) return this;
    if (!rule.check(value)) this.found.push(describeViolation(this.scope.node.path, rule, value));
    return this;
  }

  /**
   * Checks the Terraform expression a value stands for, token or not: for rules about what an
   * expression refers to (a clock, a rotating resource) rather than the value it yields.
   */
  public checkExpression(rule: Rule<string>, value: unknown): this {
    if (value === undefined) return this;
    const expression = expressionOf(this.scope, value);
    if (!rule.check(expression)) this.found.push(describeViolation(this.scope.node.path, rule, expression));
    return this;
  }

  /** The violations found so far. */
  public get violations(): readonly RuleViolation[] {
    return this.found;
  }

  /** The messages found so far, as `node.addValidation` expects them (cdktf adds the path). */
  public get messages(): string[] {
    return this.found.map((v) => v.detail);
  }

  /** Throws a {@link ByokValidationError} listing every violation found, if any. */
  public throwIfAny(): void {
    if (this.found.length > 0) throw new ByokValidationError(this.found);
  }
}
