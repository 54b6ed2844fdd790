import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";

/**
 * Reloads the page's loaders at most once per `intervalMs`: the first call runs at once, calls
 * within the interval fold into one more run at its end, so a burst of events costs two loads.
 */
export function useThrottledRevalidate(intervalMs: number): () => void {
  const revalidator = useRevalidator();
  const run = useRef(revalidator.revalidate);
  run.current = revalidator.revalidate;
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return useCallback(() => {
    if (timer.current) return;
    const wait = last.current + intervalMs - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      run.current();
      return;
    }
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      run.current();
    }, wait);
  }, [intervalMs]);
}
