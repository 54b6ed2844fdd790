import { GovernanceError } from "../shared/governance";
import { type HubResult, type Problem, problemData, problems } from "../shared/problems";

/** Thrown inside the hub for an expected refusal; `guard` turns it into a HubResult. */
export class Refusal extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export function fail(problem: Problem): never {
  throw new Refusal(problem);
}

export async function guard<T>(work: () => T | Promise<T>): Promise<HubResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, problem: problemData(err.problem) };
    // The engine refuses commands that make no sense in the current state (reinstating an active
    // agent, suppressing an excluded one): a conflict for the caller, not a server error.
    if (err instanceof GovernanceError) {
      const notFound = err.code === "agent_not_found" || err.code === "task_not_found";
      return {
        ok: false,
        problem: problemData(notFound ? problems.notFound(err.message) : problems.conflict(err.message)),
      };
    }
    throw err;
  }
}
