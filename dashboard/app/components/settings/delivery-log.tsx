import { Form } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import type { WebhookDeliveryView } from "../../../../shared/schemas/webhooks";
import { dateTime, ms } from "../../lib/format";
import { CsrfInput } from "../csrf-input";
import { DataTable } from "../data-table";

const TONE = { pending: "info", delivered: "good", failed: "bad" } as const;
const OUTCOME_TONE = { delivered: "good", failed: "bad", gone: "bad", skipped: "muted" } as const;

const col = createColumnHelper<WebhookDeliveryView>();

const last = (d: WebhookDeliveryView) => d.attempts[d.attempts.length - 1];

function Attempts({ d }: { d: WebhookDeliveryView }) {
  if (d.attempts.length === 0) return <p className="muted">No attempt yet.</p>;
  return (
    <table>
      <caption className="sr-only">Attempts of delivery {d.id}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Time</th>
          <th scope="col">Outcome</th>
          <th scope="col">Response</th>
          <th scope="col">Latency</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {d.attempts.map((a) => (
          <tr key={a.attempt}>
            <td>{a.attempt}</td>
            <td>{dateTime(a.at)}</td>
            <td>
              <span className={`badge ${OUTCOME_TONE[a.outcome]}`}>{a.outcome}</span>
            </td>
            <td className="mono">{a.statusCode ?? "—"}</td>
            <td>{ms(a.latencyMs)}</td>
            <td>
              {a.error && <div className="field-error">{a.error}</div>}
              {a.response && <pre className="mono">{a.response}</pre>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Replay({ d }: { d: WebhookDeliveryView }) {
  return (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value="replay" />
      <input type="hidden" name="deliveryId" value={d.id} />
      <button type="submit" aria-label={`Replay delivery ${d.id}`}>
        Replay
      </button>
    </Form>
  );
}

/** One endpoint's deliveries with each attempt (expand a row), and a replay button per delivery. */
export function DeliveryLog({
  deliveries,
  canReplay,
}: {
  deliveries: WebhookDeliveryView[];
  canReplay: boolean;
}) {
  const columns = [
    col.accessor("createdAt", { header: "Time", cell: (c) => dateTime(c.getValue()) }),
    col.accessor("eventType", {
      header: "Event",
      cell: (c) => (
        <>
          <span className="mono">{c.getValue()}</span>{" "}
          <span className="muted">#{c.row.original.eventSeq}</span>
        </>
      ),
    }),
    col.accessor("status", {
      header: "Status",
      cell: (c) => <span className={`badge ${TONE[c.getValue()]}`}>{c.getValue()}</span>,
    }),
    col.accessor((d) => d.attempts.length, { id: "attempts", header: "Attempts" }),
    col.accessor((d) => last(d)?.statusCode ?? null, {
      id: "code",
      header: "Response code",
      cell: (c) => <span className="mono">{c.getValue() ?? "—"}</span>,
    }),
    col.accessor((d) => last(d)?.at ?? null, {
      id: "lastAttempt",
      header: "Last attempt",
      cell: (c) => (c.getValue() ? dateTime(c.getValue()) : "—"),
    }),
    ...(canReplay
      ? [col.display({ id: "replay", header: "Replay", cell: (c) => <Replay d={c.row.original} /> })]
      : []),
  ];
  return (
    <div data-testid="delivery-log">
      <DataTable
        data={deliveries}
        columns={columns}
        caption="Deliveries"
        empty="No deliveries"
        rowKey={(d) => d.id}
        renderExpanded={(d) => <Attempts d={d} />}
      />
    </div>
  );
}
