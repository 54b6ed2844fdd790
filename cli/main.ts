import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { listAgents } from "./commands/agents-list";
import { tailEvents } from "./commands/events-tail";
import { governanceState } from "./commands/governance-state";
import { getTask } from "./commands/tasks-get";
import { DEFAULT_TIMEOUT_SECONDS, submitTasks } from "./commands/tasks-submit";
import { type CliContext, createContext, DEFAULT_URL, type GlobalOptions } from "./config";
import { describeFailure, failureJson, writeError, writeJson } from "./output";

function wholeNumber(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}.`);
    return n;
  };
}

/**
 * Runs a command's action with the context built from the global options; its return value is the
 * exit code. Failures print their reason (and, with --json, a JSON error object too).
 */
function action<A extends unknown[]>(run: (ctx: CliContext, ...args: A) => Promise<number>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    try {
      const ctx = createContext(globals);
      process.exitCode = await run(ctx, ...(args.slice(0, -1) as A));
    } catch (err) {
      const { lines, exitCode } = describeFailure(err);
      if (globals.json) writeJson(failureJson(err));
      for (const line of lines) writeError(line);
      process.exitCode = exitCode;
    }
  };
}

export function buildProgram(): Command {
  const program = new Command("warden")
    .description("Submit and follow work on Warden, the control plane that governs fleets of AI agents.")
    .addOption(new Option("--url <url>", `Warden's address (default: ${DEFAULT_URL})`).env("WARDEN_URL"))
    .addOption(new Option("--api-key <key>", "a tenant API key, wk_live_…").env("WARDEN_API_KEY"))
    .option("--json", "print machine-readable JSON instead of text")
    .showHelpAfterError()
    .exitOverride();

  const tasks = program.command("tasks").description("submit and inspect tasks");
  tasks
    .command("submit")
    .description(
      "validate every row of a CSV or JSON file, submit it in batches, and follow it until every task has ended",
    )
    .argument("<file>", "a .csv file with a header row, or a .json array of tasks (or { tasks: [...] })")
    .option(
      "--timeout <seconds>",
      "give up waiting after this long (exit code 3)",
      wholeNumber("--timeout", 1),
      DEFAULT_TIMEOUT_SECONDS,
    )
    .addHelpText(
      "after",
      "\nCSV columns: impact, urgency, risk (0–1, required), capabilities (separated by ; or |),\n" +
        "maxAttempts, externalId, payload (JSON text).\n" +
        "Exit codes: 0 all succeeded, 1 some failed or were cancelled, 2 the file was refused (nothing sent),\n" +
        "3 timed out, 130 interrupted. Re-running the same file never submits a batch twice.",
    )
    .action(
      action((ctx, file: string, opts: { timeout: number }) =>
        submitTasks(ctx, file, { timeoutSeconds: opts.timeout }),
      ),
    );
  tasks
    .command("get")
    .description("show a task, its attempts and why it waits")
    .argument("<id>", "a task id, tsk_…")
    .action(action((ctx, id: string) => getTask(ctx, id)));

  const agents = program.command("agents").description("inspect agents");
  agents
    .command("list")
    .description("list agents with trust, status and load")
    .action(action((ctx) => listAgents(ctx)));

  const events = program.command("events").description("follow the event log");
  events
    .command("tail")
    .description("print events as they happen, until Ctrl+C (--json: one JSON object per line)")
    .option("--types <types>", "comma-separated event types or categories, e.g. task.failed,agent.*")
    .option("--after <seq>", "replay the events after this seq first", wholeNumber("--after", 0))
    .action(
      action((ctx, opts: { types?: string; after?: number }) =>
        tailEvents(ctx, {
          ...(opts.types ? { types: opts.types } : {}),
          ...(opts.after !== undefined ? { after: opts.after } : {}),
        }),
      ),
    );

  const governance = program.command("governance").description("inspect governance");
  governance
    .command("state")
    .description("threshold, circuit breaker, current cycle, task counts and agents")
    .action(action((ctx) => governanceState(ctx)));

  for (const command of [program, tasks, agents, events, governance]) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `warden events tail | head` closes the pipe early: that ends the command, it is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(process.exitCode ?? 0);
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    // Help and version end "successfully"; a usage mistake is exit code 2, as with most tools.
    if (err instanceof CommanderError) process.exitCode = err.exitCode === 0 ? 0 : 2;
    else throw err;
  }
}

await main(process.argv);
