import { Link } from "@remix-run/react";
import { clock } from "../../lib/format";
import type { Alert } from "./derive-alerts";

/** What needs attention now; each alert can be dismissed, and comes back only if it happens again. */
export function AlertBanner({ alerts, onDismiss }: { alerts: Alert[]; onDismiss: (id: string) => void }) {
  if (alerts.length === 0) return null;
  return (
    <div className="ov-alerts" data-testid="alert-banner" role="alert" aria-label="Alerts">
      <ul>
        {alerts.map((a) => {
          const text = a.agent ? `Agent ${a.agent.name} ${a.text}` : a.text;
          return (
            <li key={a.id} className={`ov-alert ${a.tone}`}>
              <span className="ov-alert-icon" aria-hidden="true">
                {a.tone === "bad" ? "✖" : "⚠"}
              </span>
              <span className="ov-alert-text">
                {a.agent ? (
                  <>
                    Agent <Link to={`/agents/${a.agent.id}`}>{a.agent.name}</Link> {a.text}
                  </>
                ) : (
                  <>
                    {a.text}{" "}
                    <Link to={a.link?.to ?? "/governance"}>{a.link?.label ?? "Circuit breaker details"}</Link>
                  </>
                )}
                {a.time && (
                  <time className="muted" dateTime={a.time}>
                    {" "}
                    ({clock(a.time)} UTC)
                  </time>
                )}
              </span>
              <button type="button" onClick={() => onDismiss(a.id)} aria-label={`Dismiss: ${text}`}>
                Dismiss
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
