import type { Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What every Node server the tests run beside workerd shares (agents, webhook receiver, OIDC
 * providers): listening on a free port of 127.0.0.1, closing without waiting on keep-alive
 * connections, and answering JSON.
 */
export interface Listening {
  origin: string;
  close(): Promise<void>;
}

export async function listenLocal(server: Server, beforeClose: () => void = () => {}): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      beforeClose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
