/**
 * Constant-time comparison of two secrets. Both sides are hashed first so the lengths match, as
 * the Workers runtime's `crypto.subtle.timingSafeEqual` requires.
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [ha, hb] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(ha, hb);
}
