import { inject } from "vitest";
import { api, waitFor } from "./api";
import type { ReceivedWebhook } from "./webhook-receiver";

export const receiverOrigin = () => inject("webhookReceiverOrigin");

/** Tells the receiver which secrets endpoint `name` verifies with and what it answers. */
export async function configureReceiver(
  name: string,
  secrets: string[],
  script: number[] = [],
): Promise<void> {
  const res = await fetch(`${receiverOrigin()}/_config/${name}`, {
    method: "PUT",
    body: JSON.stringify({ secrets, script }),
  });
  if (!res.ok) throw new Error(`receiver config failed: ${res.status}`);
}

export async function received(name: string): Promise<ReceivedWebhook[]> {
  return (await (await fetch(`${receiverOrigin()}/_log/${name}`)).json()) as ReceivedWebhook[];
}

/** Waits until the receiver has at least `count` deliveries for `name` that match `where`. */
export function waitForReceived(
  name: string,
  count: number,
  where: (r: ReceivedWebhook) => boolean = () => true,
): Promise<ReceivedWebhook[]> {
  return waitFor(
    async () => {
      const list = (await received(name)).filter(where);
      return list.length >= count ? list : undefined;
    },
    { what: `${count} deliveries to ${name}` },
  );
}

export async function verifyWith(secret: string, headers: Record<string, string>, body: string) {
  const res = await fetch(`${receiverOrigin()}/_verify`, {
    method: "POST",
    body: JSON.stringify({ secret, headers, body }),
  });
  return (await res.json()) as { standardwebhooks: true | string; svix: true | string };
}

export interface WebhookBody {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
}

/** Registers endpoint `name` on the receiver for `events`; returns its id and secret. */
export async function createWebhook(
  key: string,
  name: string,
  events: string[] = ["*"],
): Promise<{ id: string; secret: string }> {
  const res = await api<{ webhook: WebhookBody; secret: string }>("/api/v1/webhooks", {
    key,
    body: { url: `${receiverOrigin()}/hooks/${name}`, events, description: name },
  });
  if (res.status !== 201)
    throw new Error(`webhook creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.webhook.id, secret: res.body.secret };
}

export interface DeliveryBody {
  id: string;
  eventId: string;
  eventType: string;
  status: "pending" | "delivered" | "failed";
  attempts: {
    attempt: number;
    outcome: string;
    statusCode: number | null;
    latencyMs: number | null;
    response: string | null;
  }[];
}

export async function deliveries(key: string, webhookId: string): Promise<DeliveryBody[]> {
  const res = await api<{ deliveries: DeliveryBody[] }>(`/api/v1/webhooks/${webhookId}/deliveries`, { key });
  if (res.status !== 200) throw new Error(`deliveries failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.deliveries;
}
