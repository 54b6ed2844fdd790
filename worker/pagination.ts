import { problems } from "../shared/problems";

/** Cursors are opaque to clients: base64url of the last id of the previous page. */
export function encodeCursor(lastId: string | null): string | null {
  return lastId ? btoa(lastId).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "") : null;
}

export function decodeCursor(cursor: string | undefined, pattern: RegExp): string | undefined {
  if (cursor === undefined) return undefined;
  let decoded: string;
  try {
    decoded = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw problems.validation([{ field: "cursor", message: "is not a cursor returned by this API" }]);
  }
  if (!pattern.test(decoded))
    throw problems.validation([{ field: "cursor", message: "is not a cursor returned by this API" }]);
  return decoded;
}
