import { Hono } from "hono";
import type { AppEnv } from "./context";
import { DOCS_ASSETS } from "./docs-assets";
import { DOCS_CSP, docsPage } from "./docs-page";

/** The live document the page renders. */
export const OPENAPI_URL = "/api/v1/openapi.json";

/** Mounted at /api/docs, outside /api/v1: the page and its assets need no credentials. */
export const docsRoutes = new Hono<AppEnv>();

docsRoutes.get("/", (c) =>
  c.html(docsPage(OPENAPI_URL), 200, {
    "content-security-policy": DOCS_CSP,
    // Revalidate the page so a deploy's new asset names are picked up at once.
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  }),
);

docsRoutes.get("/assets/:name", (c) => {
  const asset = DOCS_ASSETS[c.req.param("name")];
  if (!asset) return c.notFound();
  return c.body(asset.body, 200, {
    "content-type": asset.contentType,
    // Every asset name carries a version or a content hash (docs-assets.ts).
    "cache-control": "public, max-age=31536000, immutable",
    "x-content-type-options": "nosniff",
  });
});
