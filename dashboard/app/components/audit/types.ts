export type {
  AuditEntryView as AuditEntry,
  AuditVerification,
} from "../../../../shared/schemas/audit";

/** The filters `GET /audit` and `/audit/export` take, as the filter form names them. */
export const FILTER_KEYS = ["action", "actor", "target", "from", "to"] as const;
export type AuditFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** Actions the API records, offered as suggestions in the filter. */
export const KNOWN_ACTIONS = [
  "agent.*",
  "agent.register",
  "agent.update",
  "agent.remove",
  "agent.suppress",
  "agent.reinstate",
  "agent.trust_override",
  "api_key.*",
  "auth.*",
  "auth.login",
  "auth.login_failed",
  "config.change",
  "invitation.*",
  "sso.*",
  "tenant.update",
  "user.*",
  "user.role_change",
  "user.remove",
  "webhook.*",
];
