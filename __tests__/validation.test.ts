import { TerraformVariable } from "cdktf";
import { ByokValidationError, RULES } from "../src";
import { containsToken, RuleChecker } from "../src/validation";
import { newStack } from "./support/synth";

describe("containsToken", () => {
  test("sees tokens in strings, numbers, lists and nested objects, and raw ${} interpolations", () => {
    const stack = newStack();
    const text = new TerraformVariable(stack, "text", { type: "string" }).stringValue;
    const number = new TerraformVariable(stack, "number", { type: "number" }).numberValue;
    expect(containsToken(text)).toBe(true);
    expect(containsToken(number)).toBe(true);
    expect(containsToken(["a", text])).toBe(true);
    expect(containsToken({ nested: { value: number } })).toBe(true);
    expect(containsToken("${var.name}")).toBe(true);
  });

  test("sees no token in literals", () => {
    expect(containsToken("kv-byok")).toBe(false);
    expect(containsToken(90)).toBe(false);
    expect(containsToken(["a", "b"])).toBe(false);
    expect(containsToken({ name: "kv", days: 7 })).toBe(false);
    expect(containsToken(undefined)).toBe(false);
  });
});

describe("RuleChecker", () => {
  test("skips values that are undefined or unknown until apply, and records the rest", () => {
    const stack = newStack();
    const checker = new RuleChecker(stack)
      .check(RULES.softDeleteRetention, undefined)
      .check(RULES.softDeleteRetention, new TerraformVariable(stack, "days", { type: "number" }).numberValue)
      .check(RULES.softDeleteRetention, 120);
    expect(checker.violations.map((v) => v.ruleId)).toEqual(["KV-RETENTION"]);
    expect(checker.messages[0]).toMatch(/^KeyVaultWithProtection\.softDeleteRetentionDays: received 120\./);
    expect(checker.violations[0].message).toBe(`[test] ${checker.messages[0]}`);
  });

  test("checks what a token refers to with checkExpression", () => {
    const stack = newStack();
    const checker = new RuleChecker(stack).checkExpression(RULES.keyDatesFixed, "${timestamp()}");
    expect(checker.violations.map((v) => v.ruleId)).toEqual(["KEY-DATES-FIXED"]);
    expect(new RuleChecker(stack).checkExpression(RULES.keyDatesFixed, "2030-01-01T00:00:00Z").violations).toEqual([]);
  });

  test("throws nothing without violations, and one error listing all of them otherwise", () => {
    const stack = newStack();
    expect(() => new RuleChecker(stack).check(RULES.softDeleteRetention, 30).throwIfAny()).not.toThrow();
    const checker = new RuleChecker(stack).check(RULES.softDeleteRetention, 3).check(RULES.vaultName, "k");
    expect(() => checker.throwIfAny()).toThrow(ByokValidationError);
    expect(() => checker.throwIfAny()).toThrow(/^2 problems in the BYOK configuration:\n {2}- \[test\] /);
  });
});
