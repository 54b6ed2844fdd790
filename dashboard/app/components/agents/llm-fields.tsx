import { Field } from "../field";
import { TextAreaField } from "../textarea-field";

const TEMPLATE_HINT =
  "The user message. {{payload.x}} is replaced by the task payload's field x; {{task.id}}, {{task.impact}}, {{task.urgency}} and {{task.risk}} by the task's own.";

/**
 * An LLM agent's model settings: any OpenAI-compatible chat-completions API. The API key is
 * write-only, so it is a password input and never filled from the server.
 */
export function LlmFields({ err }: { err: (field: string) => string | undefined }) {
  return (
    <>
      <Field
        label="Base URL"
        name="llmBaseUrl"
        type="url"
        required
        maxLength={2000}
        placeholder="https://api.openai.com/v1"
        error={err("llm.baseUrl") ?? err("llm")}
      />
      <Field
        label="Model"
        name="llmModel"
        required
        maxLength={200}
        autoComplete="off"
        placeholder="gpt-4o-mini"
        error={err("llm.model")}
      />
      <Field
        label="API key"
        name="apiKey"
        type="password"
        autoComplete="new-password"
        maxLength={1000}
        hint="Optional; stored encrypted, never shown again"
        error={err("apiKey")}
      />
      <Field
        label="Temperature"
        name="llmTemperature"
        type="number"
        min={0}
        max={2}
        step={0.1}
        defaultValue={0}
        error={err("llm.temperature")}
      />
      <Field
        label="Max tokens"
        name="llmMaxTokens"
        type="number"
        min={1}
        max={1000000}
        step={1}
        hint="Optional"
        error={err("llm.maxTokens")}
      />
      <TextAreaField
        className="register-wide"
        label="System prompt"
        name="llmSystemPrompt"
        rows={2}
        maxLength={20000}
        hint="Optional"
        error={err("llm.systemPrompt")}
      />
      <TextAreaField
        className="register-wide"
        label="Prompt template"
        name="llmPromptTemplate"
        rows={3}
        required
        maxLength={20000}
        placeholder="Summarize: {{payload.text}}"
        hint={TEMPLATE_HINT}
        error={err("llm.promptTemplate")}
      />
      <TextAreaField
        className="register-wide schema-field"
        label="Output schema (JSON Schema)"
        name="llmOutputSchema"
        rows={4}
        spellCheck={false}
        placeholder='{"type": "object", "required": ["summary"]}'
        hint="Optional: the completion, parsed as JSON, must match it, or the attempt fails as invalid_output."
        error={err("llm.outputSchema")}
      />
    </>
  );
}
