import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { ModelPrice } from "../../../../shared/schemas/tenant";
import { usd } from "../../lib/format";
import { CsrfInput } from "../csrf-input";
import { Field } from "../field";
import type { ActionResult } from "../problem-notice";

type Prices = Record<string, ModelPrice>;

/** The API's message for one model's price (`settings.modelPrices.<model>[.promptPerMillion]`). */
export function priceError(
  result: ActionResult | undefined,
  model: string,
  part?: keyof ModelPrice,
): string | undefined {
  const base = `settings.modelPrices.${model}`;
  const wanted = part
    ? [`${base}.${part}`]
    : [base, `${base}.promptPerMillion`, `${base}.completionPerMillion`];
  return result?.problem?.errors?.find((e) => wanted.includes(e.field))?.message;
}

const PRICE_INPUT = { type: "number", min: 0, max: 10000, step: "any", required: true } as const;

/**
 * What each model costs, in US dollars per million tokens: every LLM call is costed at the price
 * in force when it runs, and calls to a model not listed count as unpriced. Admins edit the table
 * in place; everyone else reads it.
 */
export function ModelPrices({
  prices,
  editable,
  result,
}: {
  prices: Prices;
  editable: boolean;
  result: ActionResult | undefined;
}) {
  const models = Object.keys(prices).sort((a, b) => a.localeCompare(b));
  return (
    <section className="stack" aria-labelledby="model-prices-heading">
      <h3 id="model-prices-heading">Model prices</h3>
      <p className="muted">
        US dollars per million tokens, as your provider bills them. A call to a model without a price is
        counted as unpriced; a new price applies to calls from then on.
      </p>
      <div className="table-wrap">
        <table data-testid="model-prices">
          <caption className="sr-only">Model prices</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Prompt (per 1M tokens)</th>
              <th scope="col">Completion (per 1M tokens)</th>
              {editable && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {models.length === 0 && (
              <tr>
                <td colSpan={editable ? 4 : 3} className="muted">
                  No prices yet: every LLM call is unpriced.
                </td>
              </tr>
            )}
            {models.map((model) =>
              editable ? (
                <PriceRow key={model} model={model} price={prices[model] as ModelPrice} result={result} />
              ) : (
                <tr key={model}>
                  <th scope="row" className="mono">
                    {model}
                  </th>
                  <td>{usd(prices[model]?.promptPerMillion)}</td>
                  <td>{usd(prices[model]?.completionPerMillion)}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      {editable && <AddPrice known={models} result={result} />}
    </section>
  );
}

/** One model's prices as inputs of its own form (the `form` attribute ties cells to it). */
function PriceRow({
  model,
  price,
  result,
}: {
  model: string;
  price: ModelPrice;
  result: ActionResult | undefined;
}) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("model") === model;
  const formId = `price-${model}`;
  const error = priceError(result, model);
  return (
    <tr>
      <th scope="row" className="mono">
        {model}
      </th>
      {(["promptPerMillion", "completionPerMillion"] as const).map((part) => (
        <td key={part}>
          <input
            {...PRICE_INPUT}
            form={formId}
            name={part}
            defaultValue={price[part]}
            aria-label={`${part === "promptPerMillion" ? "Prompt" : "Completion"} price of ${model}, US dollars per million tokens`}
            aria-invalid={priceError(result, model, part) ? true : undefined}
          />
        </td>
      ))}
      <td>
        <div className="actions-cell">
          <Form method="post" id={formId} className="inline-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="price" />
            <input type="hidden" name="model" value={model} />
            <button type="submit" disabled={busy} aria-label={`Save the prices of ${model}`}>
              Save
            </button>
          </Form>
          <Form method="post" className="inline-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="price-remove" />
            <input type="hidden" name="model" value={model} />
            <button
              type="submit"
              className="danger"
              disabled={busy}
              aria-label={`Remove the price of ${model}`}
            >
              Remove
            </button>
          </Form>
        </div>
        {error && <span className="field-error">{error}</span>}
      </td>
    </tr>
  );
}

/** A model not in the table yet (a known one is repriced in its row, but typing it here works too). */
function AddPrice({ known, result }: { known: string[]; result: ActionResult | undefined }) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === "price-add";
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok) form.current?.reset();
  }, [result]);
  const typed = result?.problem?.errors?.find((e) => e.field.startsWith("settings.modelPrices"));
  // Errors of a model already in the table show in its row; the rest belong to this form.
  const mine = (part?: keyof ModelPrice) => {
    if (!typed || known.some((m) => priceError(result, m))) return undefined;
    const onPart = (p: string) => typed.field.endsWith(`.${p}`);
    if (!part)
      return onPart("promptPerMillion") || onPart("completionPerMillion") ? undefined : typed.message;
    return onPart(part) ? typed.message : undefined;
  };
  return (
    <Form method="post" className="form price-form" ref={form} aria-labelledby="add-price-heading">
      <h4 id="add-price-heading">Add a model</h4>
      <CsrfInput />
      <input type="hidden" name="intent" value="price-add" />
      <div className="form-grid">
        <Field
          label="Model"
          name="model"
          required
          maxLength={200}
          autoComplete="off"
          placeholder="gpt-4o-mini"
          error={mine()}
          hint="The name exactly as the agent sends it."
        />
        <Field
          label="Prompt price (USD per 1M tokens)"
          name="promptPerMillion"
          {...PRICE_INPUT}
          error={mine("promptPerMillion")}
        />
        <Field
          label="Completion price (USD per 1M tokens)"
          name="completionPerMillion"
          {...PRICE_INPUT}
          error={mine("completionPerMillion")}
        />
      </div>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Add price"}
        </button>
      </div>
    </Form>
  );
}
