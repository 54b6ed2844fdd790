import { describe, expect, it } from "vitest";
import { costCall } from "../../../worker/llm-pricing";

const prices = {
  "gpt-4o-mini": { promptPerMillion: 0.15, completionPerMillion: 0.6 },
  "local-llama": { promptPerMillion: 0, completionPerMillion: 0 },
};

describe("costing an LLM call at the tenant's prices", () => {
  it("charges prompt and completion tokens at their own per-million prices", () => {
    const call = costCall({ model: "gpt-4o-mini", promptTokens: 1_200, completionTokens: 300 }, prices);
    // 1,200 × 0.15 / 1e6 + 300 × 0.6 / 1e6
    expect(call.costUsd).toBeCloseTo(0.00036, 12);
    expect(call).toMatchObject({ model: "gpt-4o-mini", promptTokens: 1_200, completionTokens: 300 });
  });

  it("gives a free model a cost of zero, and an unpriced one no cost at all", () => {
    expect(costCall({ model: "local-llama", promptTokens: 10, completionTokens: 10 }, prices).costUsd).toBe(
      0,
    );
    expect(costCall({ model: "gpt-5", promptTokens: 10, completionTokens: 10 }, prices).costUsd).toBeNull();
  });
});
