/**
 * Thrown for a command the engine cannot apply in its current state. Input shape errors are
 * ZodErrors instead (see inputs.ts), so the API layer can report them field by field.
 */
export type GovernanceErrorCode =
  | "agent_not_found"
  | "agent_exists"
  | "task_not_found"
  | "task_exists"
  | "invalid_state";

export class GovernanceError extends Error {
  override readonly name = "GovernanceError";

  constructor(
    readonly code: GovernanceErrorCode,
    message: string,
  ) {
    super(message);
  }
}
