import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";

/**
 * A revalidate that runs at most once per `intervalMs`: a burst of live events (a batch of a
 * thousand tasks finishing) reloads the page's data once per interval, not once per event.
 */
export function useThrottledRevalidate(intervalMs = 1500): () => void {
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
  const schedule = useCallback(() => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + intervalMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      // A reload already under way may have started before the latest change: try again after it.
      if (ref.current.state === "idle") ref.current.revalidate();
      else schedule();
    }, wait);
  }, [intervalMs]);
  return schedule;
}
