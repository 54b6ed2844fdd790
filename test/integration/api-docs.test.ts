import { describe, expect, it } from "vitest";
import { api } from "../helpers/api";

/** The URLs of the scripts and stylesheets a page loads. */
function assetUrls(html: string): string[] {
  const tags = /<(?:script\b[^>]*\bsrc|link\b[^>]*\brel="stylesheet"[^>]*\bhref)="([^"]+)"/g;
  return [...html.matchAll(tags)].map((m) => m[1] ?? "");
}

describe("interactive API docs at /api/docs", () => {
  it("serves a Swagger UI page, without credentials, under a strict CSP, pointing at the live document", async () => {
    const res = await api<string>("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toMatch(/https?:/);
    expect(res.body).toContain('data-spec-url="/api/v1/openapi.json"');
    expect(res.body).not.toMatch(/<script>(?!<\/script>)/);

    const urls = assetUrls(res.body);
    expect(urls.length).toBe(3);
    for (const url of urls) expect(url).toMatch(/^\/api\/docs\/assets\//);

    // The page's document is the live one, and it is public too.
    const spec = await api<{ openapi: string }>("/api/v1/openapi.json");
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe("3.1.0");
  });

  it("serves the Swagger UI assets itself, with their content types and a year of caching", async () => {
    const page = await api<string>("/api/docs");
    const urls = assetUrls(page.body);
    const css = urls.find((u) => u.endsWith(".css"));
    const scripts = urls.filter((u) => u.endsWith(".js"));
    expect(css).toBeDefined();
    expect(scripts).toHaveLength(2);

    const style = await api<string>(css ?? "");
    expect(style.status).toBe(200);
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(style.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(style.body).toContain(".swagger-ui");

    const [bundle, init] = await Promise.all(scripts.map((u) => api<string>(u)));
    for (const script of [bundle, init]) {
      expect(script?.status).toBe(200);
      expect(script?.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(script?.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    }
    expect(bundle?.body).toContain("SwaggerUIBundle");
    expect(bundle?.body.length).toBeGreaterThan(500_000);
    expect(init?.body).toContain("SwaggerUIBundle(");
    expect(init?.body).toContain("dataset.specUrl");

    const missing = await api("/api/docs/assets/swagger-ui-bundle-0.0.0.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  });

  it("the old /api/v1/docs address redirects to /api/docs", async () => {
    const res = await api("/api/v1/docs", { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(new URL(res.headers.get("location") ?? "", "https://warden.test").pathname).toBe("/api/docs");
  });
});
