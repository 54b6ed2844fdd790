import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** Reads `.dev.vars` (KEY=value lines), creating it with fresh local secrets on first start. */
export function ensureDevVars(path) {
  if (!existsSync(path)) {
    const token = `wadm_${randomBytes(24).toString("base64url")}`;
    writeFileSync(
      path,
      `# Local secrets for wrangler dev. Generated on first start; never commit this file.\nWARDEN_ADMIN_TOKEN=${token}\nWARDEN_ENV=development\n`,
      { mode: 0o600 },
    );
  }
  const vars = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}
