import ipaddr from "ipaddr.js";

/**
 * Where Warden may send requests on a tenant's behalf (webhook endpoints, http agents). A URL a
 * tenant supplies must not turn Warden into a proxy into private networks or cloud metadata:
 * https only, no credentials in the URL, and no literal address in a private, loopback,
 * link-local, shared or reserved range, nor a name that means this machine or its metadata.
 * `allowLocal` (local development and tests only) additionally admits http to loopback.
 *
 * Names are checked as written, not resolved: a public name that resolves to a private address is
 * stopped by the platform itself (Workers' fetch cannot reach private networks); see decision 011.
 */
export interface OutboundOptions {
  allowLocal: boolean;
}

const BLOCKED_NAMES = [
  /^localhost$/,
  /\.localhost$/,
  /^metadata(\.google)?\.internal$/,
  /\.internal$/,
  /\.local$/,
];
// Ranges ipaddr.js names; only "unicast" (IPv4) and "unicast"/"global" style public ranges pass.
const PUBLIC_RANGES = new Set(["unicast", "global"]);

function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (!ipaddr.isValid(host)) return false;
  const addr = ipaddr.process(host);
  return addr.range() === "loopback";
}

/** null when the URL may be called; otherwise why not, phrased for a problem's `errors[].message`. */
export function outboundUrlProblem(raw: string, { allowLocal }: OutboundOptions): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  // URL keeps IPv6 literals in brackets.
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (allowLocal && isLoopback(host) && (url.protocol === "http:" || url.protocol === "https:")) return null;
  if (url.protocol !== "https:") return "must use https";
  if (BLOCKED_NAMES.some((re) => re.test(host))) return "must not point to a local or internal host";
  if (ipaddr.isValid(host)) {
    const range = ipaddr.process(host).range();
    if (!PUBLIC_RANGES.has(range)) return `must not point to a ${range} address`;
  } else if (/^[0-9.]+$/.test(host) || /^0x/i.test(host)) {
    // Forms like 2130706433 or 0x7f.1 that some resolvers read as addresses.
    return "must not be a numeric address in an unusual form";
  }
  return null;
}
