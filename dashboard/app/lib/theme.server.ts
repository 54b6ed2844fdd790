export type Theme = "dark" | "light";

/** Dark unless the user chose light (a plain cookie: it is a preference, not a secret). */
export function readTheme(request: Request): Theme {
  const cookie = request.headers.get("Cookie") ?? "";
  return /(?:^|;\s*)warden_theme=light(?:;|$)/.test(cookie) ? "light" : "dark";
}

export function themeCookie(theme: Theme, request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `warden_theme=${theme}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}
