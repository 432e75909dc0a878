#!/usr/bin/env node
// Runs the compiled CLI when the package is built, or the TypeScript source through a
// transpile-only register (swc) in a fresh clone, so `npx byok-logs` needs no build step.
// BYOK_LOGS_FROM_SOURCE=1 forces the source, so tests never run a stale build.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS launcher: it runs before any TypeScript can be loaded */
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const compiled = path.join(root, "dist", "cli", "byok-logs.js");
let cli;
if (fs.existsSync(compiled) && process.env.BYOK_LOGS_FROM_SOURCE !== "1") {
  cli = require(compiled);
} else {
  process.env.TS_NODE_TRANSPILE_ONLY = "true";
  require("ts-node").register({ transpileOnly: true, swc: true, project: path.join(root, "tsconfig.json") });
  cli = require(path.join(root, "src", "cli", "byok-logs.ts"));
}
process.exitCode = cli.main(process.argv);
