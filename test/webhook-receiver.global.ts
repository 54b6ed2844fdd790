import type { TestProject } from "vitest/node";
import { startWebhookReceiver } from "./helpers/webhook-receiver";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the Node webhook receiver that verifies deliveries, e.g. `http://127.0.0.1:41234`. */
    webhookReceiverOrigin: string;
  }
}

/** Global setup (Node, once per run): the receiver runs outside workerd, as a customer's would. */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const receiver = await startWebhookReceiver();
  provide("webhookReceiverOrigin", receiver.origin);
  return () => receiver.close();
}
