import { METRIC } from "../shared/metrics/catalog";
import { Tally } from "../shared/metrics/tally";
import { problems } from "../shared/problems";
import type { WebhookCreate, WebhookPatch, WebhookView } from "../shared/schemas/webhooks";
import { type AttemptOutcome, afterAttempt } from "../shared/webhooks/health";
import { fail } from "./hub-result";
import type { HubRuntime } from "./hub-runtime";
import { firstSecret, liveSecrets, rotateSecrets } from "./signing-secrets";
import { type WebhookRow, webhookView } from "./webhook-store";

/** What the delivery consumer needs to sign and send: never shown through the API. */
export interface WebhookTarget {
  url: string;
  enabled: boolean;
  /** Sealed secrets that still sign, newest first. */
  secrets: string[];
}

export interface AttemptReport {
  webhookId: string;
  outcome: AttemptOutcome;
  at: number;
  /** The message's first delivery attempt: its retries do not count as more failed messages. */
  firstAttempt: boolean;
}

function find(rt: HubRuntime, id: string): WebhookRow {
  const row = rt.webhooks.endpoints.get(id);
  if (!row) fail(problems.notFound(`Webhook ${id}`));
  return row;
}

export function listWebhooks(rt: HubRuntime): WebhookView[] {
  return rt.webhooks.endpoints.all().map(webhookView);
}

export function viewWebhook(rt: HubRuntime, id: string): WebhookView {
  return webhookView(find(rt, id));
}

export function createWebhook(
  rt: HubRuntime,
  id: string,
  input: WebhookCreate,
  sealedSecret: string,
  now: number,
): WebhookView {
  const row: WebhookRow = {
    id,
    url: input.url,
    events: [...new Set(input.events)],
    description: input.description ?? null,
    enabled: input.enabled,
    secrets: firstSecret(sealedSecret, now),
    createdAt: now,
    updatedAt: now,
    createdSeq: rt.store.latestSeq,
    disabledReason: null,
    disabledAt: null,
    consecutiveFailures: 0,
    failingSince: null,
    lastSuccessAt: null,
    secretRotatedAt: null,
  };
  rt.webhooks.endpoints.save(row);
  return webhookView(row);
}

export function updateWebhook(
  rt: HubRuntime,
  id: string,
  patch: WebhookPatch,
  now: number,
): { before: WebhookView; after: WebhookView } {
  const row = find(rt, id);
  const before = webhookView(row);
  const next: WebhookRow = { ...row, updatedAt: now };
  if (patch.url !== undefined) next.url = patch.url;
  if (patch.events !== undefined) next.events = [...new Set(patch.events)];
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.enabled === true && !row.enabled) {
    // A fresh start: the endpoint's owner says it is fixed. Events missed meanwhile are not
    // backfilled (bulk replay is there for that), so only new events are sent.
    Object.assign(next, {
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
      failingSince: null,
      createdSeq: Math.max(row.createdSeq, rt.store.latestSeq),
    });
  }
  if (patch.enabled === false && row.enabled)
    Object.assign(next, { enabled: false, disabledReason: "disabled by a user", disabledAt: now });
  rt.webhooks.endpoints.save(next);
  return { before, after: webhookView(next) };
}

export function deleteWebhook(rt: HubRuntime, id: string): WebhookView {
  const row = find(rt, id);
  rt.webhooks.endpoints.delete(id);
  return webhookView(row);
}

/** The new secret signs from now on; the others keep signing until `graceMs` from now. */
export function rotateWebhookSecret(
  rt: HubRuntime,
  id: string,
  sealedSecret: string,
  graceMs: number,
  now: number,
): { previousSecretExpiresAt: string } {
  const row = find(rt, id);
  const { secrets, retireAt } = rotateSecrets(row.secrets, sealedSecret, graceMs, now);
  rt.webhooks.endpoints.save({
    ...row,
    secrets,
    secretRotatedAt: now,
    updatedAt: now,
  });
  return { previousSecretExpiresAt: new Date(retireAt).toISOString() };
}

/** Appends a `webhook.test` event that only this endpoint receives. */
export function testWebhook(
  rt: HubRuntime,
  id: string,
  correlationId: string,
  now: number,
): { eventId: string; seq: number } {
  const row = find(rt, id);
  if (!row.enabled) fail(problems.conflict(`Webhook ${id} is disabled: enable it before testing.`));
  rt.commit(
    [{ type: "webhook.test", data: { webhookId: id, message: "A test event from Warden." } }],
    correlationId,
    now,
  );
  const event = rt.store.eventsAfter(rt.store.latestSeq - 1, 1)[0];
  if (!event) throw new Error("the test event was not appended");
  return { eventId: event.id, seq: event.seq };
}

export function webhookTargets(
  rt: HubRuntime,
  ids: string[],
  now: number,
): Record<string, WebhookTarget | null> {
  const out: Record<string, WebhookTarget | null> = {};
  for (const id of new Set(ids)) {
    const row = rt.webhooks.endpoints.get(id);
    out[id] = row
      ? {
          url: row.url,
          enabled: row.enabled,
          secrets: liveSecrets(row.secrets, now),
        }
      : null;
  }
  return out;
}

/**
 * Applies delivery outcomes to each endpoint's health and disables those that crossed a limit,
 * with a `webhook.disabled` event through the log (so dashboards and other endpoints see it).
 */
export function reportWebhookAttempts(rt: HubRuntime, reports: AttemptReport[], now: number): string[] {
  const disabled: string[] = [];
  const delivered = new Tally();
  for (const r of reports) delivered.inc(METRIC.webhookDeliveries, { result: r.outcome });
  rt.metrics.add(delivered.data());
  for (const report of reports) {
    const row = rt.webhooks.endpoints.get(report.webhookId);
    if (!row?.enabled) continue;
    const { health, disable } = afterAttempt(row, report.outcome, report.at, report.firstAttempt);
    const next: WebhookRow = { ...row, ...health };
    if (disable)
      Object.assign(next, { enabled: false, disabledReason: disable, disabledAt: now, updatedAt: now });
    rt.webhooks.endpoints.save(next);
    if (disable) {
      disabled.push(row.id);
      rt.commit(
        [{ type: "webhook.disabled", data: { webhookId: row.id, url: row.url, reason: disable } }],
        "webhook-health",
        now,
      );
    }
  }
  return disabled;
}
