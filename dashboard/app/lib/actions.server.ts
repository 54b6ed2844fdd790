import { json } from "@remix-run/cloudflare";
import type { ActionResult } from "../components/problem-notice";
import { ApiError } from "./api.server";

/**
 * Runs an action's API calls and turns the outcome into what the form shows: a confirmation, or
 * the API's problem (with the fields at fault) under the same status. Redirects pass through.
 */
export async function attempt(
  headers: Headers,
  run: () => Promise<Omit<ActionResult, "ok"> | string | undefined>,
) {
  try {
    const out = await run();
    const result: ActionResult = typeof out === "string" ? { ok: true, message: out } : { ok: true, ...out };
    return json(result, { headers });
  } catch (err) {
    if (err instanceof ApiError)
      return json({ problem: err.problem } satisfies ActionResult, { status: err.status, headers });
    throw err;
  }
}

/** A loader's API failure as an error response the page's boundary shows (problem detail, no trace). */
export async function loadOr<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiError) throw json(err.problem, { status: err.status });
    throw err;
  }
}

export function formString(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

export function formNumber(form: FormData, name: string): number | undefined {
  const s = formString(form, name);
  if (s === "") return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}
