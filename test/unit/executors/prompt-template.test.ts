import { describe, expect, it } from "vitest";
import { fillPrompt, type PromptContext } from "../../../worker/executors/prompt-template";

const context = (payload: unknown): PromptContext => ({
  payload,
  task: {
    id: "tsk_1",
    impact: 0.7,
    urgency: 0.25,
    risk: 0,
    externalId: "order-9",
    capabilities: ["review", "en"],
  },
});

describe("fillPrompt", () => {
  it("puts strings in as they are and nested payload fields by path", () => {
    const filled = fillPrompt(
      "Review {{payload.doc.title}} by {{ payload.doc.author }}.",
      context({
        doc: { title: "the Q3 report", author: 'Ann "A." Lee' },
      }),
    );
    expect(filled).toBe('Review the Q3 report by Ann "A." Lee.');
  });

  it("puts numbers, booleans, arrays and objects in as JSON", () => {
    const payload = { n: 3, ok: false, tags: ["a", "b"], meta: { lang: "en" } };
    expect(
      fillPrompt("{{payload.n}} {{payload.ok}} {{payload.tags}} {{payload.meta}}", context(payload)),
    ).toBe('3 false ["a","b"] {"lang":"en"}');
    expect(fillPrompt("{{payload}}", context({ a: 1 }))).toBe('{"a":1}');
  });

  it("fills the task's own fields", () => {
    const filled = fillPrompt(
      "{{task.id}}|{{task.impact}}|{{task.urgency}}|{{task.risk}}|{{task.externalId}}|{{task.capabilities}}",
      context(null),
    );
    expect(filled).toBe('tsk_1|0.7|0.25|0|order-9|["review","en"]');
  });

  it("leaves a missing field, a null, an unknown root or an inherited property empty", () => {
    const payload = { a: null, s: "x" };
    expect(
      fillPrompt(
        "[{{payload.missing}}][{{payload.a}}][{{payload.s.length}}][{{env.SECRET}}][{{payload.constructor}}]",
        context(payload),
      ),
    ).toBe("[][][][][]");
    expect(fillPrompt("[{{payload.x}}]", context(undefined))).toBe("[]");
  });

  it("leaves text that is not a placeholder alone, single braces and malformed names included", () => {
    const template = 'JSON like {"a": 1}, {{ not a name }}, {{}} and {{payload.a}}';
    expect(fillPrompt(template, context({ a: "ok" }))).toBe(
      'JSON like {"a": 1}, {{ not a name }}, {{}} and ok',
    );
  });

  it("does not read placeholders inside filled values again", () => {
    expect(fillPrompt("{{payload.a}}", context({ a: "{{task.id}}" }))).toBe("{{task.id}}");
  });
});
