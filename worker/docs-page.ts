import { docsAssetUrl } from "./docs-assets";

/**
 * The interactive API reference: Swagger UI over the live OpenAPI document, with every script and
 * style served by the Worker itself (worker/docs-assets.ts), so it works offline and under a CSP
 * that allows nothing but this origin.
 */
export function docsPage(specUrl: string): string {
  const attr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Warden API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${docsAssetUrl("css")}">
</head><body>
<div id="swagger-ui" data-spec-url="${attr(specUrl)}"></div>
<script src="${docsAssetUrl("bundle")}"></script>
<script src="${docsAssetUrl("init")}"></script>
</body></html>`;
}

/**
 * Same-origin only. `img-src data:` for the icons inlined in Swagger UI's stylesheet (and the
 * empty favicon, which spares browsers a request for /favicon.ico);
 * `connect-src 'self'` for the document and the requests "Try it out" sends.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
