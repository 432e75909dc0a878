import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const launcher = path.resolve(__dirname, "../../scripts/run-app.js");
const cacheDir = path.resolve(__dirname, "../../node_modules/.cache/run-app");

/** Runs the launcher on `entry` with extra arguments and returns what it printed. */
function run(entry: string, ...args: string[]): string {
  const result = spawnSync(process.execPath, [launcher, entry, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe("run-app launcher", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "run-app-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("runs TypeScript that imports another TypeScript file, without a build step", () => {
    writeFileSync(path.join(dir, "greeting.ts"), 'export const greeting: string = "hello";\n');
    writeFileSync(path.join(dir, "entry.ts"), 'import { greeting } from "./greeting";\nconsole.log(greeting);\n');
    expect(run(path.join(dir, "entry.ts"))).toBe("hello\n");
  });

  test("runs the edited source on the next run, not the cached one", () => {
    const entry = path.join(dir, "entry.ts");
    writeFileSync(entry, 'console.log("before" as string);\n');
    expect(run(entry)).toBe("before\n");
    writeFileSync(entry, 'console.log("after" as string);\n');
    expect(run(entry)).toBe("after\n");
  });

  test("gives the entry point the launcher's place in process.argv", () => {
    const entry = path.join(dir, "entry.ts");
    writeFileSync(entry, "console.log(JSON.stringify(process.argv.slice(1)));\n");
    expect(JSON.parse(run(entry, "--runs", "3"))).toEqual([entry, "--runs", "3"]);
  });

  test("deletes cache entries older than 30 days when it transpiles a file", () => {
    mkdirSync(cacheDir, { recursive: true });
    const old = path.join(cacheDir, `old-entry-${process.pid}.js`);
    const recent = path.join(cacheDir, `recent-entry-${process.pid}.js`);
    writeFileSync(old, "");
    writeFileSync(recent, "");
    const days = (n: number): Date => new Date(Date.now() - n * 24 * 60 * 60 * 1000);
    utimesSync(old, days(31), days(31));
    utimesSync(recent, days(29), days(29));
    const entry = path.join(dir, "entry.ts");
    writeFileSync(entry, `console.log(${JSON.stringify(dir)});\n`);
    run(entry);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    rmSync(recent);
  });
});
