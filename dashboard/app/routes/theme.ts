import { type ActionFunctionArgs, redirect } from "@remix-run/cloudflare";
import { readTheme, themeCookie } from "../lib/theme.server";

/** Flips the theme. Works without JavaScript: the form posts here and comes back. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const next = readTheme(request) === "dark" ? "light" : "dark";
  const back = String(form.get("back") ?? "/");
  return redirect(back.startsWith("/") && !back.startsWith("//") ? back : "/", {
    headers: { "Set-Cookie": themeCookie(next, request) },
  });
}
