import { ApiError, NetworkError, UsageError } from "./errors";

const numbers = new Intl.NumberFormat("en-US");

export function count(n: number): string {
  return numbers.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function writeLine(line = ""): void {
  process.stdout.write(`${line}\n`);
}

export function writeError(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** One JSON document: what `--json` prints for a command. */
export function writeJson(value: unknown): void {
  writeLine(JSON.stringify(value, null, 2));
}

/** Columns padded to their widest cell; numbers are right-aligned so digits line up. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? count(c) : c)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...cells.map(line)].join("\n");
}

/** `label: value` lines with the values aligned. */
export function fields(pairs: [string, string | number][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs
    .map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${typeof v === "number" ? count(v) : v}`)
    .join("\n");
}

export function fixed(n: number, digits = 2): string {
  return n.toFixed(digits);
}

/** What the user reads when a command fails, and the exit code it ends with. */
export function describeFailure(err: unknown): { lines: string[]; exitCode: number } {
  if (err instanceof UsageError) return { lines: [`Error: ${err.message}`], exitCode: 2 };
  if (err instanceof NetworkError)
    return { lines: [`Error: ${err.message} Is it running? Set WARDEN_URL or pass --url.`], exitCode: 1 };
  if (err instanceof ApiError) {
    if (err.status === 401)
      return {
        lines: [
          "Error: the API key was not accepted (401 Unauthorized). Check WARDEN_API_KEY or --api-key.",
          ...(err.problem?.detail ? [`  ${err.problem.detail}`] : []),
        ],
        exitCode: 1,
      };
    const title = err.problem?.title ?? "Request failed";
    const lines = [`Error: ${title} (${err.status})${err.problem?.detail ? `: ${err.problem.detail}` : ""}`];
    for (const e of err.problem?.errors ?? []) lines.push(`  - ${e.field || "body"}: ${e.message}`);
    if (err.retryAfterSeconds !== null) lines.push(`  Retry after ${err.retryAfterSeconds} s.`);
    return { lines, exitCode: 1 };
  }
  return { lines: [`Error: ${err instanceof Error ? err.message : String(err)}`], exitCode: 1 };
}

/** In `--json` mode failures are one JSON object too, so scripts never parse prose. */
export function failureJson(err: unknown): Record<string, unknown> {
  if (err instanceof ApiError)
    return { error: { status: err.status, ...(err.problem ?? { title: err.message }) } };
  if (err instanceof NetworkError) return { error: { title: "unreachable", detail: err.message } };
  return {
    error: {
      title: err instanceof UsageError ? "usage" : "error",
      detail: String((err as Error).message ?? err),
    },
  };
}
