/**
 * A signing secret as the hub keeps it (webhook endpoints and http agents): sealed by the Worker,
 * so the hub never holds plaintext.
 */
export interface StoredSecret {
  sealed: string;
  createdAt: number;
  /** Set when a rotation retires the secret: it keeps signing until then. */
  expiresAt: number | null;
}

export function firstSecret(sealed: string, now: number): StoredSecret[] {
  return [{ sealed, createdAt: now, expiresAt: null }];
}

/** The sealed secrets that still sign at `now`, newest first. */
export function liveSecrets(secrets: StoredSecret[], now: number): string[] {
  return secrets.filter((s) => s.expiresAt === null || s.expiresAt > now).map((s) => s.sealed);
}

/**
 * A rotation: the new secret signs from now on, and every secret still live keeps signing beside
 * it until `now + graceMs`, so the receiver can switch unhurried. Expired secrets are dropped.
 */
export function rotateSecrets(
  secrets: StoredSecret[],
  sealed: string,
  graceMs: number,
  now: number,
): { secrets: StoredSecret[]; retireAt: number } {
  const retireAt = now + graceMs;
  const kept = secrets
    .filter((s) => s.expiresAt === null || s.expiresAt > now)
    .map((s) => ({ ...s, expiresAt: Math.min(s.expiresAt ?? retireAt, retireAt) }));
  return { secrets: [...firstSecret(sealed, now), ...kept], retireAt };
}
