/** Tests are transpiled by swc without type checking; `npm run typecheck` covers types once for the whole tree. */
module.exports = {
  testEnvironment: "node",
  // Jest leaves a core to the main process by default; the tests are CPU-bound, so use both.
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  reporters: ["default", "<rootDir>/scripts/plain-summary-reporter.js"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
};
