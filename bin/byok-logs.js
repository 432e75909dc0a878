#!/usr/bin/env node
// Runs the TypeScript source through a transpile-only register (swc) in a checkout, so
// `npx byok-logs` needs no build step, or the compiled CLI of an installed package.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS launcher: it runs before any TypeScript can be loaded */
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const source = path.join(root, "src", "cli", "byok-logs.ts");
let cli;
// In a checkout the source is the truth (a dist/ left by npm pack may be stale); an installed
// package ships dist/ only.
if (!fs.existsSync(source)) {
  cli = require(path.join(root, "dist", "cli", "byok-logs.js"));
} else {
  process.env.TS_NODE_TRANSPILE_ONLY = "true";
  require("ts-node").register({ transpileOnly: true, swc: true, project: path.join(root, "tsconfig.json") });
  cli = require(source);
}
process.exitCode = cli.main(process.argv);
