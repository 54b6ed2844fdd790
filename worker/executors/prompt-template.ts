/**
 * The values a prompt template can name: `{{payload.a.b}}` reads the task's payload by path,
 * `{{task.id}}`, `{{task.impact}}`, `{{task.urgency}}`, `{{task.risk}}`, `{{task.externalId}}`
 * and `{{task.capabilities}}` the task's own fields.
 */
export interface PromptContext {
  payload: unknown;
  task: {
    id: string;
    impact: number;
    urgency: number;
    risk: number;
    externalId: string | null;
    capabilities: string[];
  };
}

/** `{{ name.path }}`: letters, digits, `_` and `-` between dots; spaces inside the braces allowed. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}/g;

function lookup(root: unknown, path: string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    // Own properties only: a template must not reach `constructor` or `__proto__`.
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function render(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? "";
}

/**
 * Fills a prompt template. Strings go in as they are, every other value as JSON, and a name that
 * does not resolve (a missing field, an unknown root) as the empty string: a template shared by
 * tasks of different shapes still produces a prompt. Text outside `{{…}}` is left untouched.
 */
export function fillPrompt(template: string, context: PromptContext): string {
  const roots: Record<string, unknown> = { payload: context.payload, task: context.task };
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const [root = "", ...path] = name.split(".");
    if (!Object.hasOwn(roots, root)) return "";
    return render(lookup(roots[root], path));
  });
}
