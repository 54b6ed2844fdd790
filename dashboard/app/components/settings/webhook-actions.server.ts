import { redirect } from "@remix-run/cloudflare";
import type { WebhookView } from "../../../../shared/schemas/webhooks";
import { attempt, formString } from "../../lib/actions.server";
import type { Api } from "../../lib/api.server";
import { dateTime } from "../../lib/format";
import { utcIso } from "./utc";

/**
 * The webhook controls, shared by the list and the detail page. After a delete the detail page
 * has nothing left to show, so it passes where to go instead.
 */
export function webhookAction(api: Api, form: FormData, headers: Headers, afterDelete?: string) {
  const intent = formString(form, "intent");
  const id = encodeURIComponent(formString(form, "id"));
  return attempt(headers, async () => {
    switch (intent) {
      case "create": {
        const description = formString(form, "description");
        const body = {
          url: formString(form, "url"),
          events: form.getAll("events").map(String),
          ...(description ? { description } : {}),
          enabled: form.has("enabled"),
        };
        const out = await api.call<{ webhook: WebhookView; secret: string }>("/webhooks", {
          method: "POST",
          body,
        });
        return {
          message: `Endpoint ${out.webhook.url} added.`,
          once: { secret: out.secret, created: true, webhookId: out.webhook.id },
        };
      }
      case "toggle": {
        const enabled = formString(form, "enabled") === "true";
        await api.call(`/webhooks/${id}`, { method: "PATCH", body: { enabled } });
        return enabled
          ? "Endpoint enabled: deliveries resume."
          : "Endpoint disabled: no deliveries until it is enabled again.";
      }
      case "test": {
        const sent = await api.call<{ eventId: string; seq: number }>(`/webhooks/${id}/test`, {
          method: "POST",
        });
        return `Test event #${sent.seq} queued. It appears in the delivery log within seconds.`;
      }
      case "rotate": {
        const out = await api.call<{ secret: string; previousSecretExpiresAt: string }>(
          `/webhooks/${id}/rotate-secret`,
          {
            method: "POST",
          },
        );
        return {
          message: `New signing secret issued. The old one keeps signing until ${dateTime(out.previousSecretExpiresAt)}.`,
          once: { secret: out.secret },
        };
      }
      case "delete":
        await api.call(`/webhooks/${id}`, { method: "DELETE" });
        if (afterDelete) throw redirect(afterDelete, { headers });
        return "Endpoint removed.";
      case "replay": {
        const delivery = encodeURIComponent(formString(form, "deliveryId"));
        await api.call(`/webhooks/deliveries/${delivery}/replay`, { method: "POST" });
        return "Delivery queued again.";
      }
      case "replay-bulk": {
        const out = await api.call<{ replayed: number }>(`/webhooks/${id}/deliveries/replay`, {
          method: "POST",
          body: { since: utcIso(formString(form, "since")) ?? "" },
        });
        return out.replayed === 0
          ? "No failed deliveries since then."
          : `${out.replayed} failed deliver${out.replayed === 1 ? "y" : "ies"} queued again (oldest first; at most one batch per click).`;
      }
      default:
        return undefined;
    }
  });
}
