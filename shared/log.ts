import { redact, redactString } from "./log-redact";

type Level = "info" | "warn" | "error";

/**
 * Structured logs: one JSON object per line, so `wrangler tail` and log pipelines can filter
 * them. Every field passes through the redactor first: secrets never reach a log line.
 */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({
    level,
    message: redactString(message),
    time: new Date().toISOString(),
    ...(redact(fields) as Record<string, unknown>),
  });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** A short description of an unknown error, without a stack trace (and without secrets). */
export function errorMessage(err: unknown): string {
  return redactString(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
}
