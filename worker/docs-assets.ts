import swaggerUi from "swagger-ui-dist/package.json";
import css from "swagger-ui-dist/swagger-ui.css";
import bundle from "swagger-ui-dist/swagger-ui-bundle.js";

/** The page's own start-up script: a file rather than inline, so the CSP needs no `'unsafe-inline'`. */
const init = `"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    filter: true,
    presets: [SwaggerUIBundle.presets.apis],
  });
});
`;

/** FNV-1a, enough to give the start-up script a URL that changes whenever its text does. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The source-map comment would only make browsers ask for a map the Worker does not serve. */
const withoutSourceMap = (text: string) => text.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "");

export interface DocsAsset {
  body: string;
  contentType: string;
}

const JS = "text/javascript; charset=utf-8";

/** Each name carries the Swagger UI version or a hash of the content (see DOCS_ASSETS). */
export const DOCS_ASSET_NAMES = {
  css: `swagger-ui-${swaggerUi.version}.css`,
  bundle: `swagger-ui-bundle-${swaggerUi.version}.js`,
  init: `init-${shortHash(init)}.js`,
} as const;

/**
 * Served under /api/docs/assets/; since every name changes with its content, browsers may keep
 * each file for a year without ever seeing a stale one.
 */
export const DOCS_ASSETS: Record<string, DocsAsset> = {
  [DOCS_ASSET_NAMES.css]: { body: withoutSourceMap(css), contentType: "text/css; charset=utf-8" },
  [DOCS_ASSET_NAMES.bundle]: { body: bundle, contentType: JS },
  [DOCS_ASSET_NAMES.init]: { body: init, contentType: JS },
};

/** The local URL of one of the page's assets. */
export const docsAssetUrl = (asset: keyof typeof DOCS_ASSET_NAMES) =>
  `/api/docs/assets/${DOCS_ASSET_NAMES[asset]}`;
