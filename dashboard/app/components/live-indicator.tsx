import { useLive } from "../lib/live/live-provider";

const LABEL = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline" };

/** Always visible in the top bar, so an operator knows whether what they see is current. */
export function LiveIndicator() {
  const { status } = useLive();
  return (
    <output className="live-indicator" data-status={status} aria-live="polite" data-testid="live-indicator">
      <span className="dot" aria-hidden="true" />
      {LABEL[status]}
    </output>
  );
}
