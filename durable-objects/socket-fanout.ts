import { type EventFilter, matchesFilter } from "../shared/event-filter";
import type { EventEnvelope } from "../shared/events";
import {
  CLOSE_TRY_AGAIN_LATER,
  type ControlMessage,
  FRAME_INTERVAL_MS,
  FRAME_MAX_EVENTS,
  LIVE_HEADERS,
} from "../shared/live-protocol";
import { errorMessage, log } from "../shared/log";
import { DEFAULT_LIVE_CONNECTIONS } from "../shared/schemas/tenant";
import type { HubRuntime } from "./hub-runtime";
import type { HubStore } from "./hub-store";

/** Lives in the socket's attachment, so it survives hibernation with the socket. */
interface SocketAttachment {
  principal: string;
  types: EventFilter;
  /** Every event up to here was sent or filtered out; nothing at or below it is sent again. */
  lastSentSeq: number;
}

const REPLAY_PAGE = 500;

/** The kept part of the log. An empty log keeps nothing: its oldest is one past the newest. */
export function keptWindow(store: HubStore): { oldestSeq: number; latestSeq: number } {
  const latestSeq = store.latestSeq;
  return { oldestSeq: store.oldestSeq() || latestSeq + 1, latestSeq };
}

/**
 * The hub's WebSockets (hibernation API): accepts upgrades the Worker forwarded, replays the log
 * after a client's seq, then streams live events in frames. No socket state is held only in
 * memory except the frame buffer, so a hub that hibernated and woke up serves the same sockets.
 */
export class SocketFanout {
  private pending: EventEnvelope[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlushAt = 0;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly rt: HubRuntime,
  ) {
    // Answered by the runtime without waking the object: idle sockets cost nothing.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    rt.onEvents((events) => this.enqueue(events));
  }

  /** The upgrade, with the tenant, principal and filters the Worker authenticated and parsed. */
  accept(request: Request): Response {
    const h = request.headers;
    if (h.get("upgrade")?.toLowerCase() !== "websocket")
      return new Response("expected a WebSocket upgrade", { status: 426 });
    if (!this.rt.tenantId || h.get(LIVE_HEADERS.tenant) !== this.rt.tenantId)
      return new Response("not this tenant's hub", { status: 404 });
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    const cap = Number(h.get(LIVE_HEADERS.maxSockets)) || DEFAULT_LIVE_CONNECTIONS;
    if (this.ctx.getWebSockets().length >= cap) {
      // Accepted outside the hibernation set, so it never counts towards the cap it exceeds.
      server.accept();
      server.close(CLOSE_TRY_AGAIN_LATER, "Too many live connections for this tenant; try again later.");
      return new Response(null, { status: 101, webSocket: client });
    }
    const principal = h.get(LIVE_HEADERS.principal) ?? "unknown";
    const types = h.get(LIVE_HEADERS.types);
    const attachment: SocketAttachment = {
      principal,
      types: types ? (JSON.parse(types) as string[]) : null,
      lastSentSeq: this.rt.store.latestSeq,
    };
    // Tags for who opened it, so the sockets of a revoked key, a removed user or an ended login can be found.
    const session = h.get(LIVE_HEADERS.session);
    this.ctx.acceptWebSocket(
      server,
      session ? [`principal:${principal}`, `principal:${session}`] : [`principal:${principal}`],
    );
    const after = h.get(LIVE_HEADERS.after);
    // Synchronous from here to the attachment write: no commit can slip between replay and live.
    if (after !== null && !this.replay(server, attachment, Number(after))) return this.closed(client);
    server.serializeAttachment(attachment);
    return new Response(null, { status: 101, webSocket: client });
  }

  onMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    // "ping" never reaches here (auto-response); anything else is a client mistake worth naming.
    const detail =
      typeof message === "string" && message.length <= 64
        ? `Unexpected message ${JSON.stringify(message)}: this socket is read-only; send "ping" to check it.`
        : 'This socket is read-only; send "ping" to check it.';
    this.trySend(ws, JSON.stringify({ type: "error", detail } satisfies ControlMessage));
  }

  onClose(ws: WebSocket, code: number): void {
    // 1005/1006 are reserved: they describe a close, they cannot be sent back.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed");
    } catch {
      // already closed
    }
  }

  /**
   * Ends sockets whose access has ended: one principal's (a revoked key, a removed user) or, with
   * no principal, all of them (the tenant is suspended or deleted). 1008 tells the client not to
   * reconnect with the same credentials.
   */
  closeAll(reason = "This tenant was deleted.", principal?: string, code = 1001): number {
    const sockets = principal ? this.ctx.getWebSockets(`principal:${principal}`) : this.ctx.getWebSockets();
    for (const ws of sockets) {
      try {
        ws.close(code, reason);
      } catch {
        // already closed
      }
    }
    return sockets.length;
  }

  private replay(ws: WebSocket, att: SocketAttachment, after: number): boolean {
    const { oldestSeq, latestSeq } = keptWindow(this.rt.store);
    let from = after;
    if (after > latestSeq || after + 1 < oldestSeq) {
      const resync: ControlMessage = { type: "resync", oldestSeq, latestSeq };
      if (!this.trySend(ws, JSON.stringify(resync))) return false;
      from = after > latestSeq ? latestSeq : oldestSeq - 1;
    }
    while (from < latestSeq) {
      const page = this.rt.store.eventsAfter(from, REPLAY_PAGE);
      const last = page[page.length - 1];
      if (!last) break;
      const wanted = page.filter((e) => matchesFilter(att.types, e.type));
      if (!this.sendFrames(ws, frames(wanted.map((e) => JSON.stringify(e))))) return false;
      from = last.seq;
    }
    att.lastSentSeq = latestSeq;
    return true;
  }

  private enqueue(events: EventEnvelope[]): void {
    if (this.ctx.getWebSockets().length === 0) return;
    for (const e of events) this.pending.push(e);
    if (this.pending.length >= FRAME_MAX_EVENTS) {
      this.flush();
      return;
    }
    if (this.timer) return;
    // An idle hub sends at once (after this turn, so one command's events share a frame); a busy
    // one at most every FRAME_INTERVAL_MS, so load grows frames rather than messages.
    const wait = Math.max(0, this.lastFlushAt + FRAME_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const events = this.pending;
    this.pending = [];
    this.lastFlushAt = Date.now();
    const first = events[0];
    const last = events[events.length - 1];
    if (!first || !last) return;
    const json = events.map((e) => JSON.stringify(e));
    let everything: string[] | null = null;
    for (const ws of this.ctx.getWebSockets()) {
      // A socket closed by a revocation stays listed until its close handshake ends.
      if (ws.readyState !== WebSocket.READY_STATE_OPEN) continue;
      const att = ws.deserializeAttachment() as SocketAttachment | null;
      if (!att || att.lastSentSeq >= last.seq) continue;
      let out: string[];
      if (!att.types && att.lastSentSeq < first.seq) {
        everything ??= frames(json);
        out = everything;
      } else {
        out = frames(json.filter((_, i) => isFor(att, events[i] as EventEnvelope)));
      }
      if (!this.sendFrames(ws, out)) continue;
      att.lastSentSeq = last.seq;
      ws.serializeAttachment(att);
    }
  }

  /** A socket that cannot take a frame is closed; the others are not held up by it. */
  private sendFrames(ws: WebSocket, out: string[]): boolean {
    for (const frame of out) if (!this.trySend(ws, frame)) return false;
    return true;
  }

  private trySend(ws: WebSocket, text: string): boolean {
    try {
      ws.send(text);
      return true;
    } catch (err) {
      log("warn", "live socket send failed; closing it", {
        tenantId: this.rt.tenantId,
        error: errorMessage(err),
      });
      try {
        ws.close(1011, "send failed");
      } catch {
        // already closed
      }
      return false;
    }
  }

  private closed(client: WebSocket): Response {
    return new Response(null, { status: 101, webSocket: client });
  }
}

function isFor(att: SocketAttachment, e: EventEnvelope): boolean {
  return e.seq > att.lastSentSeq && matchesFilter(att.types, e.type);
}

/** Pre-serialised events → frames of at most FRAME_MAX_EVENTS, each a JSON array. */
function frames(json: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < json.length; i += FRAME_MAX_EVENTS)
    out.push(`[${json.slice(i, i + FRAME_MAX_EVENTS).join(",")}]`);
  return out;
}
