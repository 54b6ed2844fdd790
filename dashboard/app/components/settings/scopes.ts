import type { Scope } from "../../../../shared/schemas/api-keys";

/** The API key scopes (shared/schemas/api-keys.ts SCOPES), with what each lets a key do. */
export const SCOPES: { scope: Scope; label: string }[] = [
  { scope: "tasks:read", label: "Read tasks" },
  { scope: "tasks:write", label: "Submit and cancel tasks" },
  { scope: "agents:read", label: "Read agents, governance state and analytics" },
  { scope: "agents:write", label: "Register, change and suppress agents" },
  { scope: "events:read", label: "Read events and open live streams" },
  { scope: "admin", label: "Everything, including users, keys, SSO, webhooks and audit" },
];

/** Largest rotation grace period the API accepts, and its default (seconds). */
export const MAX_GRACE_S = 7 * 24 * 3600;
export const DEFAULT_GRACE_S = 24 * 3600;
