// The Swagger UI files are imported as text (wrangler.toml `[[rules]]` type "Text"), so the
// Worker serves them itself: no CDN, and the page's CSP can stay `'self'` only.
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const text: string;
  export default text;
}
declare module "swagger-ui-dist/swagger-ui.css" {
  const text: string;
  export default text;
}
