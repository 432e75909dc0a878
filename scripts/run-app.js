#!/usr/bin/env node
/**
 * Runs a TypeScript entry point (default: main.ts) the fast way: cdktf.json's `app` and `npm run bench` use it.
 *
 * Each .ts file is transpiled by swc, without type checking (`npm test` type-checks the whole tree), and the
 * JavaScript is kept in node_modules/.cache/run-app under a hash of the source, so an unchanged file is never
 * transpiled twice and swc is not even loaded when every file is cached. An edited file gets a new hash, hence
 * the next synth runs the edit, with no build step to remember.
 */
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const cacheDir = path.join(root, "node_modules", ".cache", "run-app");
const swcOptions = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
};
// A new swc or new options must not reuse JavaScript made by the old ones.
const cacheSalt = `${require("@swc/core/package.json").version}:${JSON.stringify(swcOptions)}`;

/** Entries older than this are deleted, so the cache does not grow with every edit forever. */
const maxAgeMs = 30 * 24 * 60 * 60 * 1000;

let swc;

/** Deletes cache entries written more than maxAgeMs ago; one still in use is simply transpiled again. */
function pruneCache() {
  const cutoff = Date.now() - maxAgeMs;
  for (const name of fs.readdirSync(cacheDir)) {
    const entry = path.join(cacheDir, name);
    if (fs.statSync(entry).mtimeMs < cutoff) fs.rmSync(entry, { force: true });
  }
}

/** The JavaScript for one TypeScript file, from the cache or freshly transpiled. */
function javascriptOf(filename, source) {
  const hash = crypto.createHash("sha256").update(cacheSalt).update(filename).update(source).digest("hex");
  const cached = path.join(cacheDir, `${hash}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    if (!swc) {
      swc = require("@swc/core");
      // Only on a miss, when swc is loaded anyway: a run that finds everything cached stays as fast as it can be.
      try {
        pruneCache();
      } catch {
        // Another run may be pruning the same entries; what is left goes next time.
      }
    }
    const { code } = swc.transformSync(source, { ...swcOptions, filename });
    // Another synth may write the same entry at once: write aside, then rename, so nobody reads half a file.
    const partial = `${cached}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(partial, code);
      fs.renameSync(partial, cached);
    } catch {
      // A read-only node_modules only costs the cache: the code still runs.
    }
    return code;
  }
}

require.extensions[".ts"] = (module, filename) => {
  module._compile(javascriptOf(filename, fs.readFileSync(filename, "utf8")), filename);
};

// The entry point takes the launcher's place in process.argv, as if node ran it directly.
const entry = path.resolve(process.argv[2] ?? path.join(root, "main.ts"));
process.argv.splice(1, 2, entry);
require(entry);
