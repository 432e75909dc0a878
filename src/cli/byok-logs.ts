import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { explainCmkLogs, ExplainExitCode, formatExplanation, formatProblems, parseCmkLogs } from "../log-explainer";

/** Where the command writes; the process streams unless a test passes its own. */
export interface CliOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Reads a file and explains it; never throws, answers with the exit code. */
function explain(file: string, json: boolean, io: CliOutput): ExplainExitCode {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    io.err(`byok-logs: cannot read ${file}: ${reason}\n`);
    if (json) io.out(`${JSON.stringify({ file, problems: [{ line: 0, message: reason }], exitCode: 2 }, null, 2)}\n`);
    return 2;
  }
  const parsed = parseCmkLogs(source);
  if (parsed.problems.length > 0) {
    io.err(formatProblems(file, parsed.problems));
    if (json)
      io.out(`${JSON.stringify({ file, format: parsed.format, problems: parsed.problems, exitCode: 2 }, null, 2)}\n`);
    return 2;
  }
  const explanation = explainCmkLogs(parsed.entries);
  io.out(
    json
      ? `${JSON.stringify({ file, format: parsed.format, ...explanation }, null, 2)}\n`
      : formatExplanation(file, parsed.format, explanation),
  );
  return explanation.exitCode;
}

/**
 * Runs `byok-logs` with `argv` (as process.argv: node, script, arguments...).
 *
 * Exit codes: 0 every namespace in the file is accessible (or the file has no entry), 1 at
 * least one namespace is inaccessible or in an unknown state, 2 bad input or usage.
 */
export function main(argv: readonly string[], io: CliOutput = processOutput): ExplainExitCode {
  let exitCode: ExplainExitCode = 0;
  const program = new Command()
    .name("byok-logs")
    .description("Explain exported Event Hubs CustomerManagedKeyUserLogs entries")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  program
    .command("explain")
    .description(
      "print the latest state of each namespace and key (accessible, inaccessible, unknown), its cause and its fix. " +
        "Exit code 0: all accessible; 1: some namespace inaccessible or unknown; 2: bad input",
    )
    .argument("<file>", "JSON lines, a JSON array of entries, or a Log Analytics export")
    .option("--json", "print machine-readable JSON")
    .action((file: string, options: { json?: boolean }) => {
      exitCode = explain(file, options.json === true, io);
    });
  try {
    program.parse([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // Input the parser cannot take (nesting too deep for its recursion, say) is bad input too:
    // exit 1 would read as "a namespace is inaccessible".
    io.err(`byok-logs: cannot read the input: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  return exitCode;
}

if (require.main === module) process.exitCode = main(process.argv);
