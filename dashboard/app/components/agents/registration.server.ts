import { problems } from "../../../../shared/problems";
import { formNumber, formString } from "../../lib/actions.server";
import { ApiError } from "../../lib/api.server";
import { splitList } from "./types";

/** The output schema textarea as an object; malformed JSON is the user's to fix before anything is sent. */
function outputSchema(form: FormData): Record<string, unknown> | undefined {
  const text = formString(form, "llmOutputSchema");
  if (text === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const why = err instanceof SyntaxError ? err.message : "unreadable";
    throw invalid("llm.outputSchema", `not valid JSON (${why})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw invalid("llm.outputSchema", "must be a JSON object (a JSON Schema)");
  return parsed as Record<string, unknown>;
}

function invalid(field: string, message: string): ApiError {
  const problem = problems.validation([{ field, message }]);
  return new ApiError(problem.status, problem.body());
}

/** An llm agent's model settings, with only the optional ones the form filled in. */
function llmConfig(form: FormData): Record<string, unknown> {
  const llm: Record<string, unknown> = {
    baseUrl: formString(form, "llmBaseUrl"),
    model: formString(form, "llmModel"),
    promptTemplate: formString(form, "llmPromptTemplate"),
  };
  const temperature = formNumber(form, "llmTemperature");
  if (temperature !== undefined) llm.temperature = temperature;
  const maxTokens = formNumber(form, "llmMaxTokens");
  if (maxTokens !== undefined) llm.maxTokens = maxTokens;
  const systemPrompt = formString(form, "llmSystemPrompt");
  if (systemPrompt !== "") llm.systemPrompt = systemPrompt;
  const schema = outputSchema(form);
  if (schema) llm.outputSchema = schema;
  return llm;
}

/**
 * `POST /agents`'s body from the register form: only the fields filled in, so the API applies
 * its own defaults to the rest. Throws an ApiError (shown beside the field) for input the API
 * could not even be sent.
 */
export function registration(form: FormData): Record<string, unknown> {
  const kind = formString(form, "kind");
  const body: Record<string, unknown> = {
    name: formString(form, "name"),
    kind,
    capabilities: splitList(formString(form, "capabilities")),
  };
  const maxConcurrency = formNumber(form, "maxConcurrency");
  if (maxConcurrency !== undefined) body.maxConcurrency = maxConcurrency;
  if (kind === "http" || kind === "llm") {
    const timeoutMs = formNumber(form, "timeoutMs");
    if (timeoutMs !== undefined) body.timeoutMs = timeoutMs;
  }
  if (kind === "http") body.endpoint = formString(form, "endpoint");
  else if (kind === "llm") {
    body.llm = llmConfig(form);
    // The key is a secret: sent as typed (no trimming), and only when given.
    const apiKey = form.get("apiKey");
    if (typeof apiKey === "string" && apiKey !== "") body.apiKey = apiKey;
  } else if (kind === "simulated") {
    body.simulation = {
      successRate: formNumber(form, "successRate"),
      latencyMs: formNumber(form, "latencyMs"),
      degradeAfter: formNumber(form, "degradeAfter"),
      degradedSuccessRate: formNumber(form, "degradedSuccessRate"),
    };
  }
  return body;
}
