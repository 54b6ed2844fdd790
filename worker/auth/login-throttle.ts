import { Problem } from "../../shared/problems";

/**
 * Login throttling, per account and per client address, kept in D1 so every isolate sees the
 * same counts. Failures inside a 15-minute window first slow the response down, then lock the
 * key for a doubling period (capped at 15 minutes): 429 with Retry-After. A successful login
 * clears the account's count; the address's count only ages out, so one good password does not
 * reset an attacker spraying many accounts from one address.
 */
const WINDOW_MS = 15 * 60_000;
const MAX_LOCK_MS = 15 * 60_000;
const BASE_LOCK_MS = 30_000;
const ACCOUNT_LOCK_AFTER = 5;
const ADDRESS_LOCK_AFTER = 20;
const SLOW_AFTER = 2;
const MAX_DELAY_MS = 2_000;

export interface ThrottleKeys {
  account: string;
  address: string | null;
}

export function throttleKeys(email: string, address: string | null): ThrottleKeys {
  return { account: `account:${email}`, address: address ? `address:${address}` : null };
}

interface Row {
  locked_until: string | null;
}

function keysOf(k: ThrottleKeys): string[] {
  return k.address ? [k.account, k.address] : [k.account];
}

/** Throws 429 while either key is locked. */
export async function assertNotLocked(db: D1Database, k: ThrottleKeys, now = Date.now()): Promise<void> {
  const keys = keysOf(k);
  const { results } = await db
    .prepare(`SELECT locked_until FROM login_throttle WHERE key IN (${keys.map(() => "?").join(",")})`)
    .bind(...keys)
    .all<Row>();
  const until = Math.max(0, ...results.map((r) => (r.locked_until ? Date.parse(r.locked_until) : 0)));
  if (until > now) {
    const seconds = Math.ceil((until - now) / 1000);
    throw new Problem(
      429,
      "login-throttled",
      "Too many failed sign-in attempts",
      `Too many failed sign-in attempts. Try again in ${seconds} s.`,
      undefined,
      { "Retry-After": String(seconds) },
    );
  }
}

function lockAfter(key: string): number {
  return key.startsWith("account:") ? ACCOUNT_LOCK_AFTER : ADDRESS_LOCK_AFTER;
}

/**
 * Counts a failure on both keys and returns how long to hold the response: nothing for the
 * first failures, then a doubling delay up to 2 s. Locks the key once it reaches its limit.
 */
export async function recordFailure(db: D1Database, k: ThrottleKeys, now = Date.now()): Promise<number> {
  let delay = 0;
  const at = new Date(now).toISOString();
  const windowCutoff = new Date(now - WINDOW_MS).toISOString();
  for (const key of keysOf(k)) {
    // One statement counts the failure, so concurrent failures never overwrite each other's count.
    const row = await db
      .prepare(
        `INSERT INTO login_throttle (key, failures, window_started_at) VALUES (?1, 1, ?2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN window_started_at <= ?3 THEN 1 ELSE failures + 1 END,
           window_started_at = CASE WHEN window_started_at <= ?3 THEN ?2 ELSE window_started_at END
         RETURNING failures`,
      )
      .bind(key, at, windowCutoff)
      .first<{ failures: number }>();
    const failures = row?.failures ?? 1;
    const over = failures - lockAfter(key);
    if (over >= 0) {
      const lockedUntil = new Date(now + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** over)).toISOString();
      await db
        .prepare("UPDATE login_throttle SET locked_until = ? WHERE key = ?")
        .bind(lockedUntil, key)
        .run();
    }
    if (key.startsWith("account:") && failures > SLOW_AFTER)
      delay = Math.min(MAX_DELAY_MS, 250 * 2 ** (failures - SLOW_AFTER - 1));
  }
  return delay;
}

export async function clearAccount(db: D1Database, k: ThrottleKeys): Promise<void> {
  await db.prepare("DELETE FROM login_throttle WHERE key = ?").bind(k.account).run();
}
