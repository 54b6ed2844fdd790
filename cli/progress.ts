import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { count } from "./output";
import type { Counts } from "./task-tracker";

/** How a submission shows its progress while it runs. */
export interface Progress {
  update(counts: Counts): void;
  /** A line of its own (a retry, a reconnect), printed without breaking the bar. */
  note(line: string): void;
  stop(): void;
}

export type ProgressMode = "bar" | "lines" | "none";

/** A live bar on a terminal; plain lines in a pipe or a log; nothing with --json. */
export function progressMode(json: boolean, stream: NodeJS.WriteStream = process.stdout): ProgressMode {
  if (json) return "none";
  return stream.isTTY ? "bar" : "lines";
}

function summary(c: Counts): string {
  const parts = [`${count(c.succeeded)} succeeded`, `${count(c.failed)} failed`];
  if (c.cancelled) parts.push(`${count(c.cancelled)} cancelled`);
  return parts.join(", ");
}

function barProgress(total: number): Progress {
  const multi = new MultiBar(
    {
      format:
        " {bar} {percentage}% | {done}/{totalText} done | {accepted} accepted | {outcomes} | {duration_formatted}",
      stream: process.stdout,
      hideCursor: true,
      barsize: 30,
      fps: 10,
    },
    Presets.shades_classic,
  );
  const bar: SingleBar = multi.create(total, 0, {
    done: "0",
    totalText: count(total),
    accepted: "0",
    outcomes: "0 succeeded, 0 failed",
  });
  return {
    update(c) {
      const done = c.succeeded + c.failed + c.cancelled;
      bar.update(done, { done: count(done), accepted: count(c.accepted), outcomes: summary(c) });
    },
    note(line) {
      multi.log(`${line}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}

/** At most one line every few seconds, and one whenever a phase is reached. */
function lineProgress(total: number, everyMs = 5000): Progress {
  let last = "";
  let lastAt = 0;
  let acceptedAll = false;
  return {
    update(c) {
      const done = c.succeeded + c.failed + c.cancelled;
      const reachedAcceptance = !acceptedAll && c.accepted === total;
      if (reachedAcceptance) acceptedAll = true;
      const line =
        c.accepted < total
          ? `accepted ${count(c.accepted)}/${count(total)}`
          : `${count(done)}/${count(total)} done: ${summary(c)}`;
      const finished = done === total;
      if (line === last || (!reachedAcceptance && !finished && Date.now() - lastAt < everyMs)) return;
      last = line;
      lastAt = Date.now();
      process.stdout.write(`${line}\n`);
    },
    note(line) {
      process.stdout.write(`${line}\n`);
    },
    stop() {},
  };
}

export function createProgress(mode: ProgressMode, total: number): Progress {
  if (mode === "bar") return barProgress(total);
  if (mode === "lines") return lineProgress(total);
  return { update() {}, note() {}, stop() {} };
}
