import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

interface LintMessage {
  ruleId: string | null;
  line: number;
}

/** What ESLint reports for `source`, linted with the project's config as if it were `src/probe.ts`. */
function lint(source: string): LintMessage[] {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules", "eslint", "bin", "eslint.js"),
      "--stdin",
      "--stdin-filename",
      "src/probe.ts",
      "--format",
      "json",
    ],
    { cwd: root, input: source, encoding: "utf8" },
  );
  const [file] = JSON.parse(result.stdout) as { messages: LintMessage[] }[];
  return file.messages;
}

describe("ESLint configuration", () => {
  // One ESLint process for both cases: starting it costs more than a second.
  let messages: LintMessage[];
  beforeAll(() => {
    messages = lint(
      [
        'import { keyVault } from "@cdktf/provider-azurerm";',
        'import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";',
        "export const both = [keyVault, KeyVault];",
        "",
      ].join("\n"),
    );
  });

  test("rejects the root import of @cdktf/provider-azurerm, which loads every resource module", () => {
    expect(messages.filter((m) => m.line === 1).map((m) => m.ruleId)).toEqual(["no-restricted-imports"]);
  });

  test("accepts a deep import of one azurerm resource module", () => {
    expect(messages.filter((m) => m.line !== 1)).toEqual([]);
  });
});
