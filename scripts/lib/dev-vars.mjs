import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** Reads `.dev.vars` (KEY=value lines), creating it with fresh local secrets on first start. */
export function ensureDevVars(path) {
  if (!existsSync(path)) {
    const token = `wadm_${randomBytes(24).toString("base64url")}`;
    writeFileSync(
      path,
      [
        "# Local secrets for wrangler dev. Generated on first start; never commit this file.",
        `WARDEN_ADMIN_TOKEN=${token}`,
        "WARDEN_ENV=development",
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
  }
  // Secrets added after a checkout's first start are appended, never regenerated.
  const existing = readFileSync(path, "utf8");
  const missing = [];
  if (!/^WARDEN_SESSION_KEYS=/m.test(existing))
    missing.push(`WARDEN_SESSION_KEYS=dev1:${randomBytes(32).toString("base64url")}`);
  if (!/^WARDEN_ENCRYPTION_KEY=/m.test(existing))
    missing.push(`WARDEN_ENCRYPTION_KEY=${randomBytes(32).toString("base64url")}`);
  // Local agents and webhook receivers run on 127.0.0.1; production never sets this.
  if (!/^WARDEN_ALLOW_LOCAL_URLS=/m.test(existing)) missing.push("WARDEN_ALLOW_LOCAL_URLS=true");
  // Shared with the dashboard's .dev.vars (see ensureDashboardDevVars).
  if (!/^WARDEN_DASHBOARD_KEY=/m.test(existing))
    missing.push(`WARDEN_DASHBOARD_KEY=${randomBytes(24).toString("base64url")}`);
  if (missing.length)
    writeFileSync(path, `${existing.replace(/\n?$/, "\n")}${missing.join("\n")}\n`, { mode: 0o600 });
  const vars = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}

/** The dashboard's own `.dev.vars`: its cookie-signing key, and the key it shares with the API. */
export function ensureDashboardDevVars(path, dashboardKey) {
  if (!existsSync(path))
    writeFileSync(
      path,
      [
        "# Local secrets for the dashboard (wrangler pages dev). Generated on first start; never commit.",
        `DASHBOARD_SESSION_SECRETS=${randomBytes(32).toString("base64url")}`,
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
  const existing = readFileSync(path, "utf8");
  const lines = existing.split("\n").filter((l) => !l.startsWith("WARDEN_DASHBOARD_KEY="));
  if (!existing.includes(`WARDEN_DASHBOARD_KEY=${dashboardKey}\n`))
    writeFileSync(path, `${lines.join("\n").replace(/\n*$/, "\n")}WARDEN_DASHBOARD_KEY=${dashboardKey}\n`, {
      mode: 0o600,
    });
}
