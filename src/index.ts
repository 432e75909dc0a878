export * from "./byok-key";
export * from "./key-vault-with-protection";
export * from "./existing-key";
export * from "./cmk-namespace";
export * from "./geo-dr";
export * from "./byok-diagnostics";
export * from "./rules";
export { ByokValidationError, RuleViolation } from "./validation";
export * from "./provider-features";
