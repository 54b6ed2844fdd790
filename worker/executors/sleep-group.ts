/**
 * Coalesces the simulated waits of one queue batch into a few timers, one per `bucketMs` bucket.
 * A hundred concurrent timers cost about a millisecond each in workerd (they are woken one event
 * loop turn at a time), which made a batch of 2 ms simulations take 120 ms; bucketed, the batch
 * waits its longest latency, give or take a bucket. Reported latencies are unaffected.
 */
export function createSleepGroup(bucketMs = 5): (ms: number) => Promise<void> {
  const buckets = new Map<number, Promise<void>>();
  return (ms) => {
    const key = Math.max(0, Math.ceil(ms / bucketMs) * bucketMs);
    let wait = buckets.get(key);
    if (!wait) {
      wait = new Promise((resolve) => setTimeout(resolve, key));
      buckets.set(key, wait);
    }
    return wait;
  };
}
