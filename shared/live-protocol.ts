/**
 * What the Worker and the tenant's hub agree on for live events (GET /ws, GET /events/stream).
 *
 * Over a WebSocket every message is JSON text:
 * - an event frame: a JSON array of 1–100 event envelopes in increasing `seq`;
 * - a control message: an object whose `type` is `resync` or `error` (never an array, so a
 *   client tells the two apart with `Array.isArray`).
 */

/** Headers the Worker sets on the upgrade it forwards to the hub; client copies are never forwarded. */
export const LIVE_HEADERS = {
  tenant: "x-warden-tenant",
  principal: "x-warden-principal",
  after: "x-warden-after",
  types: "x-warden-types",
  maxSockets: "x-warden-max-sockets",
  session: "x-warden-session",
} as const;

/** Sent before any event when `after` is older than the oldest event the hub keeps (or ahead of the newest). */
export interface ResyncMessage {
  type: "resync";
  /** The oldest seq still kept: what follows starts there. Reload state through the REST API. */
  oldestSeq: number;
  latestSeq: number;
}

export interface ErrorMessage {
  type: "error";
  detail: string;
}

export type ControlMessage = ResyncMessage | ErrorMessage;

/** Frames hold at most this many events, and are sent at most this often per hub under load. */
export const FRAME_MAX_EVENTS = 100;
export const FRAME_INTERVAL_MS = 50;

/** The close code for a socket over the tenant's connection cap (RFC 6455: "try again later"). */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/**
 * The tags a live socket carries for who opened it, so a revocation can find and close it: the
 * principal (`key:…`, `user:…`) and, for a user, the login it came from (`session:…`).
 */
export function principalTag(kind: "key" | "user" | "session", id: string): string {
  return `${kind}:${id}`;
}
