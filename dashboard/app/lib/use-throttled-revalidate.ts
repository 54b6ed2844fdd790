import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";

/**
 * Reloads the page's loaders at most once per `intervalMs`, however many live events ask for it:
 * the first call runs at once, later calls within the interval fold into one run at its end, so
 * a batch of a thousand tasks finishing costs a reload per interval, and the last change is never
 * missed. A reload already under way may predate the latest change, so it is tried again after.
 */
export function useThrottledRevalidate(intervalMs = 1000): () => void {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const schedule = useCallback((): void => {
    if (timer.current) return;
    const run = (): void => {
      timer.current = null;
      if (ref.current.state !== "idle") {
        schedule();
        return;
      }
      last.current = Date.now();
      ref.current.revalidate();
    };
    const wait = last.current + intervalMs - Date.now();
    if (wait <= 0 && ref.current.state === "idle") {
      run();
      return;
    }
    timer.current = setTimeout(run, Math.max(wait, 50));
  }, [intervalMs]);
  return schedule;
}
