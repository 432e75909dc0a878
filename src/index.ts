export * from "./byok-key";
export * from "./key-vault-with-protection";
export * from "./cmk-namespace";
export * from "./byok-diagnostics";
export * from "./rules";
export { ByokValidationError, RuleViolation } from "./validation";
export * from "./provider-features";
export * from "./error-table";
export * from "./cmk-log-query";
