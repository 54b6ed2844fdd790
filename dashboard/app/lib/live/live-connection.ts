import type { EventEnvelope } from "../../../../shared/events";
import { backoffDelay } from "./backoff";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface LiveOptions {
  /** Returns a fresh `ws://…/api/v1/ws?ticket=…` URL: tickets are single use. */
  ticketUrl: () => Promise<string>;
  onEvents: (events: EventEnvelope[]) => void;
  /** Events were lost (the server no longer has them): reload state from the API. */
  onResync: () => void;
  onStatus: (status: LiveStatus) => void;
  /** Start after this seq (0: only what happens from now on is wanted, plus nothing missed). */
  after?: number;
  WebSocketImpl?: typeof WebSocket;
}

/**
 * One WebSocket to the tenant's event stream that survives drops: it reconnects with backoff and
 * jitter, resumes from the last seq it delivered, and drops any seq it has already delivered, so
 * listeners see every event exactly once and in order.
 */
export class LiveConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  lastSeq: number;
  /** Sees every batch delivered to listeners: a diagnostics hook (the browser tests count seqs with it). */
  tap: ((events: EventEnvelope[]) => void) | null = null;

  constructor(private readonly opts: LiveOptions) {
    this.lastSeq = opts.after ?? 0;
  }

  start(): void {
    this.closed = false;
    void this.open();
  }

  stop(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000, "page closed");
    this.socket = null;
    this.opts.onStatus("offline");
  }

  /** Drop the socket as a network would (used by the connection indicator's "reconnect"). */
  drop(): void {
    this.socket?.close(4000, "dropped");
  }

  private async open(): Promise<void> {
    if (this.closed) return;
    this.opts.onStatus(this.attempt === 0 ? "connecting" : "reconnecting");
    let url: string;
    try {
      url = await this.opts.ticketUrl();
    } catch {
      return this.retry();
    }
    if (this.closed) return;
    const Impl = this.opts.WebSocketImpl ?? WebSocket;
    const u = new URL(url);
    // Resume where the last socket stopped: the server replays what was missed, then goes live.
    if (this.lastSeq > 0) u.searchParams.set("after", String(this.lastSeq));
    const socket = new Impl(u.toString());
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.opts.onStatus("live");
    });
    socket.addEventListener("message", (msg: MessageEvent) => this.receive(String(msg.data)));
    socket.addEventListener("close", () => {
      if (this.socket === socket) this.socket = null;
      if (!this.closed) this.retry();
    });
  }

  private retry(): void {
    if (this.closed) return;
    this.opts.onStatus("reconnecting");
    const delay = backoffDelay(this.attempt++);
    this.timer = setTimeout(() => void this.open(), delay);
  }

  private receive(text: string): void {
    if (text === "pong") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (Array.isArray(parsed)) {
      const fresh = (parsed as EventEnvelope[]).filter((e) => e.seq > this.lastSeq);
      if (fresh.length === 0) return;
      this.lastSeq = fresh[fresh.length - 1]!.seq;
      this.tap?.(fresh);
      this.opts.onEvents(fresh);
      return;
    }
    const msg = parsed as { type?: string; oldestSeq?: number; latestSeq?: number };
    if (msg.type === "resync") {
      // The gap cannot be replayed: continue from what the server has and reload state.
      this.lastSeq = Math.max(0, (msg.oldestSeq ?? 1) - 1);
      this.opts.onResync();
    }
  }
}
