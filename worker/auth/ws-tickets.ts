import type { Context } from "hono";
import { problems } from "../../shared/problems";
import type { AppEnv } from "../context";
import type { Authenticated } from "./authenticate";

/** Placeholder until WebSocket tickets land: every ticket is refused. */
export async function redeemWsTicket(_c: Context<AppEnv>, _ticket: string): Promise<Authenticated> {
  throw problems.unauthorized("The WebSocket ticket is unknown, used or expired.");
}
