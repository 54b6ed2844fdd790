import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signatureHeader } from "../../../worker/webhooks/sign";

describe("webhook signing", () => {
  it("produces signatures the reference implementations compute", async () => {
    const secret = generateWebhookSecret();
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: "evt_1", type: "webhook.test", data: { ü: "ñ" } });
    const ours = await signatureHeader([secret], "evt_1", ts, body);
    expect(ours).toBe(new StandardWebhook(secret).sign("evt_1", new Date(ts * 1000), body));
    expect(ours).toBe(new SvixWebhook(secret).sign("evt_1", new Date(ts * 1000), body));
  });

  it("signs once per secret, space-separated", async () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    const header = await signatureHeader([a, b], "evt_2", 1_700_000_000, "{}");
    expect(header.split(" ")).toEqual([
      await signatureHeader([a], "evt_2", 1_700_000_000, "{}"),
      await signatureHeader([b], "evt_2", 1_700_000_000, "{}"),
    ]);
  });

  it("draws 32 random bytes per secret", () => {
    const s = generateWebhookSecret();
    expect(s).toMatch(/^whsec_/);
    expect(Buffer.from(s.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(s);
  });
});
