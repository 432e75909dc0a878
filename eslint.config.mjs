import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", "*.js", "*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-console": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-azurerm",
              message:
                "Import the one resource module, e.g. @cdktf/provider-azurerm/lib/key-vault: the root loads 1,500 modules.",
            },
            {
              name: "@cdktf/provider-time",
              message: "Import the one resource module, e.g. @cdktf/provider-time/lib/sleep.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["main.ts", "scripts/**/*.ts", "src/cli/**/*.ts"],
    rules: { "no-console": "off" },
  },
  {
    // The launcher is plain CommonJS so that node runs it before any TypeScript can be loaded.
    files: ["scripts/**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
