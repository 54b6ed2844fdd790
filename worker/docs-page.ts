/**
 * A self-contained API reference page: it lists every operation of the OpenAPI document with its
 * parameters and responses. No CDN script, so it works offline and under a strict CSP.
 */
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Warden API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}details{border:1px solid #ddd;border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}
summary{cursor:pointer}code{background:#f4f4f4;padding:0 .3rem;border-radius:3px}
.m{display:inline-block;min-width:4.5rem;font-weight:600}pre{background:#f7f7f7;padding:.6rem;overflow:auto}
</style></head><body>
<h1>Warden API</h1><p>Machine-readable: <a href="${specUrl}"><code>${specUrl}</code></a></p>
<main id="ops">Loading…</main>
<script>
fetch(${JSON.stringify(specUrl)}).then(r=>r.json()).then(doc=>{
  const main=document.getElementById("ops");main.textContent="";
  for(const [path,ops] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(ops)){
    const d=document.createElement("details");const s=document.createElement("summary");
    s.innerHTML='<span class="m">'+method.toUpperCase()+'</span> <code></code> ';
    s.querySelector("code").textContent="/api/v1"+path;s.append(op.summary||"");d.append(s);
    const pre=document.createElement("pre");
    pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:Object.keys(op.responses||{})},null,2);
    d.append(pre);main.append(d);}}
});
</script></body></html>`;
}
