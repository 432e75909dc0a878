/**
 * `npm run bench`: how fast this package synthesizes and tests, measured beside a peer app.
 *
 * The peer is the same BYOK deployment written the tutorial way (the provider's root import,
 * ts-node with a full type check). Peer and package run alternately, so a busy machine slows
 * both alike; each figure is the median of several runs, with min-max beside it. Peak memory
 * is the maximum resident set size GNU time reports: that of the largest single process of the
 * run (for `cdktf synth`, the CLI or the app it starts, whichever is larger).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";

const root = path.resolve(__dirname, "..");
const GNU_TIME = "/usr/bin/time";
/** Peak RSS in KB, user and system CPU seconds. */
const TIME_FORMAT = "%M %U %S";

/** One measured run of a command. */
interface Sample {
  /** Wall time, seconds. */
  seconds: number;
  /** Peak resident set size, MB; undefined without GNU time. */
  megabytes?: number;
  /** CPU time, user + system, seconds: less sensitive than wall time to other work on the machine. Undefined without GNU time. */
  cpuSeconds?: number;
}

/** A command to measure, run from the project root. */
interface Job {
  label: string;
  command: string[];
  env?: NodeJS.ProcessEnv;
}

const hasGnuTime = ((): boolean => {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ["-f", TIME_FORMAT, "true"], { encoding: "utf8" });
  return probe.status === 0 && /^\d+ [\d.]+ [\d.]+\s*$/.test(probe.stderr);
})();

/** Runs the job once; throws with its output when it fails, so a broken run is never timed. */
function runOnce(job: Job): Sample {
  const peakFile = path.join(os.tmpdir(), `bench-peak-${process.pid}.txt`);
  const argv = hasGnuTime ? [GNU_TIME, "-f", TIME_FORMAT, "-o", peakFile, ...job.command] : job.command;
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd: root,
    env: { ...process.env, ...job.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${job.label} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  if (!hasGnuTime) return { seconds };
  const [kilobytes, user, system] = readFileSync(peakFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  rmSync(peakFile, { force: true });
  return { seconds, megabytes: kilobytes / 1024, cpuSeconds: user + system };
}

/** Runs the jobs in turn, `runs` rounds, and returns their samples in job order. */
function alternate(jobs: Job[], runs: number): Sample[][] {
  const samples: Sample[][] = jobs.map(() => []);
  for (let round = 1; round <= runs; round++) {
    jobs.forEach((job, i) => {
      process.stderr.write(`  ${job.label}: run ${round}/${runs}\n`);
      samples[i].push(runOnce(job));
    });
  }
  return samples;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Median, min and max of one measure of the samples; undefined when it was not measured. */
function summary(samples: Sample[], measure: (s: Sample) => number | undefined) {
  const values = samples.map(measure).filter((v): v is number => v !== undefined);
  if (values.length === 0) return undefined;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

const secondsOf = (s: Sample): number => s.seconds;
const megabytesOf = (s: Sample): number | undefined => s.megabytes;
const cpuSecondsOf = (s: Sample): number | undefined => s.cpuSeconds;

function cell(samples: Sample[], measure: (s: Sample) => number | undefined, unit: "s" | "MB"): string {
  const s = summary(samples, measure);
  if (!s) return "n/a";
  const digits = unit === "s" ? 2 : 0;
  return `${s.median.toFixed(digits)} ${unit} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;
}

function ratio(ours: Sample[], peer: Sample[], measure: (s: Sample) => number | undefined, limit: number): string {
  const a = summary(ours, measure);
  const b = summary(peer, measure);
  if (!a || !b) return "n/a";
  const value = a.median / b.median;
  return `${value.toFixed(2)} x (target <= ${limit} x: ${value <= limit ? "met" : "NOT met"})`;
}

/** Ratio of the median CPU times: how much work each side does, whatever else the machine runs. */
function cpuRatio(ours: Sample[], peer: Sample[]): string {
  const a = summary(ours, cpuSecondsOf);
  const b = summary(peer, cpuSecondsOf);
  return a && b ? `${(a.median / b.median).toFixed(2)} x (${a.median.toFixed(1)} s / ${b.median.toFixed(1)} s)` : "n/a";
}

function verdict(value: number | undefined, limit: number): string {
  if (value === undefined) return "n/a";
  return value <= limit ? "met" : "NOT met";
}

/** The shell command cdktf.json gives the CLI as `app`. */
function appCommand(): string {
  const config = JSON.parse(readFileSync(path.join(root, "cdktf.json"), "utf8")) as { app: string };
  return config.app;
}

function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InvalidArgumentError("a whole number, 1 or more");
  return Number(text);
}

const options = new Command("bench")
  .description("Measures synthesis and the test suite of this package beside the peer app.")
  .option("--runs <n>", "runs of each synthesis measurement", wholeNumber, 5)
  .option("--test-runs <n>", "warm runs of npm test", wholeNumber, 3)
  .option("--peer <path>", "the peer's synth script", path.join(root, "..", "shared", "bench", "peer-synth"))
  .option("--no-peer-scale", "skip the 100-namespace comparison with the peer")
  .parse()
  .opts<{ runs: number; testRuns: number; peer: string; peerScale: boolean }>();

const print = (line = ""): void => console.log(line);

const loadAverage = (): string => os.loadavg()[0].toFixed(1);
print(
  `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
    `Node ${process.version}, ${new Date().toISOString().slice(0, 16)} UTC; load average at start ${loadAverage()}. ` +
    `Peak memory and CPU ${hasGnuTime ? `from ${GNU_TIME}` : "not measured (GNU time is missing: apt-get install time)"}.`,
);
print();

// The peer disables the CLI's update check itself; ours gets the same, so both pay the same CLI.
const cliEnv = { CHECKPOINT_DISABLE: "1" };
const synthJob = (namespaces: number): Job => ({
  label: `npx cdktf synth, ${namespaces} namespace(s)`,
  command: ["npx", "cdktf", "synth"],
  env: { ...cliEnv, BYOK_NAMESPACE_COUNT: String(namespaces) },
});
const peerJob = (namespaces: number): Job => ({
  label: `peer, ${namespaces} namespace(s)`,
  command: [options.peer],
  env: { ...cliEnv, PEER_NAMESPACES: String(namespaces) },
});

print(`### cdktf synth beside the peer (${options.runs} runs each, alternating; median (min-max))`);
print();
if (existsSync(options.peer)) {
  print("| case | peer wall | ours wall | wall ratio | peer peak RSS | ours peak RSS | memory ratio | CPU ratio |");
  print("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const namespaces of options.peerScale ? [1, 100] : [1]) {
    const [peer, ours] = alternate([peerJob(namespaces), synthJob(namespaces)], options.runs);
    print(
      `| ${namespaces} namespace${namespaces > 1 ? "s" : ""} | ${cell(peer, secondsOf, "s")} | ${cell(ours, secondsOf, "s")} | ` +
        `${ratio(ours, peer, secondsOf, 0.35)} | ${cell(peer, megabytesOf, "MB")} | ${cell(ours, megabytesOf, "MB")} | ` +
        `${ratio(ours, peer, megabytesOf, 0.35)} | ${cpuRatio(ours, peer)} |`,
    );
  }
} else {
  print(`The peer is not at ${options.peer} (pass --peer): only this package is measured.`);
  print();
  print("| case | ours wall | ours peak RSS |");
  print("| --- | --- | --- |");
  const [ours] = alternate([synthJob(1)], options.runs);
  print(`| 1 namespace | ${cell(ours, secondsOf, "s")} | ${cell(ours, megabytesOf, "MB")} |`);
}

const app = appCommand();
print();
print(`### The app alone: \`${app}\` (${options.runs} runs each; median (min-max))`);
print();
print("| namespaces | wall | per namespace | CPU (user+sys) | peak RSS | target |");
print("| --- | --- | --- | --- | --- | --- |");
const counts = [1, 10, 100];
const appSamples = alternate(
  counts.map((n) => ({
    label: `app, ${n} namespace(s)`,
    command: ["sh", "-c", app],
    env: { BYOK_NAMESPACE_COUNT: String(n) },
  })),
  options.runs,
);
const oneSeconds = summary(appSamples[0], secondsOf)!.median;
counts.forEach((n, i) => {
  const seconds = summary(appSamples[i], secondsOf)!.median;
  const megabytes = summary(appSamples[i], megabytesOf)?.median;
  const perNamespace = n === 1 ? "-" : `${(((seconds - oneSeconds) / (n - 1)) * 1000).toFixed(1)} ms`;
  const target =
    n === 1
      ? `<= 0.5 s: ${verdict(seconds, 0.5)}; <= 150 MB: ${verdict(megabytes, 150)}`
      : n === 100
        ? `<= 1.5 s: ${verdict(seconds, 1.5)}`
        : "-";
  print(
    `| ${n} | ${cell(appSamples[i], secondsOf, "s")} | ${perNamespace} | ${cell(appSamples[i], cpuSecondsOf, "s")} | ` +
      `${cell(appSamples[i], megabytesOf, "MB")} | ${target} |`,
  );
});

print();
print(`### npm test (type check, lint, jest)`);
print();
print("| run | wall | target |");
print("| --- | --- | --- |");
const testJob: Job = { label: "npm test", command: ["npm", "test"] };
// Cold: without the caches of tsc, ESLint and Prettier, as on a fresh clone or in CI.
for (const cache of ["tsc", "eslint", "prettier"]) {
  rmSync(path.join(root, "node_modules", ".cache", cache), { recursive: true, force: true });
}
const [cold] = alternate([{ ...testJob, label: "npm test, cold caches" }], 1);
print(`| cold caches, 1 run | ${cell(cold, secondsOf, "s")} | <= 30 s: ${verdict(cold[0].seconds, 30)} |`);
const [warm] = alternate([{ ...testJob, label: "npm test, warm caches" }], options.testRuns);
print(
  `| warm caches, ${options.testRuns} runs | ${cell(warm, secondsOf, "s")} | <= 30 s: ${verdict(summary(warm, secondsOf)!.median, 30)} |`,
);
print();
print(`Load average at the end: ${loadAverage()}.`);
