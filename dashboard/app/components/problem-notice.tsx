import type { ProblemBody } from "../../../shared/problems";

export interface ActionResult {
  ok?: boolean;
  message?: string;
  problem?: ProblemBody;
  /** Whatever the action wants to show once (a new API key, a webhook secret). */
  once?: Record<string, unknown>;
}

/** An action's outcome: its problem (with each field at fault) or its confirmation. */
export function ProblemNotice({ result }: { result: ActionResult | undefined }) {
  if (!result) return null;
  if (result.problem)
    return (
      <div className="notice error" role="alert">
        <strong>{result.problem.title}.</strong> {result.problem.detail}
        {result.problem.errors && result.problem.errors.length > 0 && (
          <ul>
            {result.problem.errors.map((e) => (
              <li key={e.field}>
                <span className="mono">{e.field}</span>: {e.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  if (result.message)
    return (
      <div className="notice ok" role="status">
        {result.message}
      </div>
    );
  return null;
}

/** The API's message for one field, to show beside its input. */
export function fieldError(result: ActionResult | undefined, field: string): string | undefined {
  return result?.problem?.errors?.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
}
