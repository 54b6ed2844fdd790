/**
 * Example bodies for the OpenAPI document, composed from the examples its schemas already carry
 * (`.openapi({ example })` on fields and objects), so a request's prefilled body in the docs and
 * every response's sample stay in step with the schemas instead of being written twice.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;
type Document = { components?: { schemas?: Record<string, Schema> } };

const MAX_DEPTH = 8;

/** What a string of a well-known format looks like, when its schema gives no example. */
const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2026-11-22T10:00:00.000Z",
  date: "2026-11-22",
  email: "ada@acme.example",
  uri: "https://agents.acme.example/run",
  url: "https://agents.acme.example/run",
  uuid: "3f1c2a9e-5b7d-4c1e-9a2f-6d8b0e4c7a15",
};

/** Fields that hold another resource's id, and that id's prefix (shared/ids.ts). */
const ID_FIELDS: Record<string, string> = {
  agentId: "agt",
  taskId: "tsk",
  cycleId: "cyc",
  eventId: "evt",
  webhookId: "whk",
  deliveryId: "dlv",
  tenantId: "ten",
  userId: "usr",
  requestId: "req",
  correlationId: "req",
  invitedBy: "usr",
  createdBy: "usr",
  rotatedFrom: "key",
  firstBrokenId: "aud",
};

/** Common field names whose schema gives no example, by what such a field holds everywhere in the API. */
const FIELD_SAMPLES: [RegExp, string][] = [
  ...Object.entries(ID_FIELDS).map(([field, prefix]): [RegExp, string] => [
    new RegExp(`^${field}s?$`),
    `${prefix}_01jd0000000000000000000000`,
  ]),
  [/(At|Until|^time)$/, FORMAT_SAMPLES["date-time"] as string],
  [/^nextCursor$/, "eyJhZnRlciI6InRza18wMWpkMDAwMDAwIn0"],
  [/^token$/, "wst_8Yt3kLm2Qz7pV1sN8cB3yH6tR0wL5e"],
  [/^clientId$/, "warden-dashboard"],
  [/^clientSecret$/, "client-secret-issued-by-your-idp"],
  [/^clientSecretLast4$/, "k9Qz"],
  [/^allowedDomains$/, "acme.example"],
  [/^code$/, "hc_8Yt3kLm2Qz7pV1sN"],
  [/^confirm$/, "acme-robotics"],
  [/^(suspendReason|disabledReason)$/, "The endpoint answered 410 Gone"],
  [/^lastOutcome$/, "success"],
  [/^cause$/, "result"],
  [/^externalId$/, "ticket-4211"],
  [/^detail$/, "Assigned to summarizer-1: trust 0.82 meets the 0.60 required for risk 0.4"],
  [/^(events|eventType)$/, "task.completed"],
  [/^error$/, "connection refused"],
  [/^response$/, '{"ok":true}'],
  [/^title$/, "Six fresh agents start work at trust 0.5"],
  [/^email$/, "ada@acme.example"],
  [/^password$/, "correct-horse-battery-staple"],
  [/^accessToken$/, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfMDFqZCJ9.c2lnbmF0dXJl"],
  [/^refreshToken$/, "rt_4q9Zk2mX7pV1sN8cB3yH6tR0wL5eJ"],
  [/^slug$/, "acme-robotics"],
  [/^(url|endpoint|baseUrl|issuer|redirectUri)$/, "https://agents.acme.example/run"],
  [/^reason$/, "Failing every task since the 10:00 deploy"],
  [/^(description|systemPrompt)$/, "Summarizes support tickets"],
  [/^model$/, "gpt-4o-mini"],
  [/^(apiKey|key)$/, "wk_live_3kq8Zr1mX7pV2sN9cB4yH6tR0wL5eJdA"],
  [/^(signingSecret|secret)$/, "whsec_MfKQ9r8GKYqXn4BdxlKgRd7zdeVkR3G8"],
  [/^prefix$/, "wk_live_3kq8Zr1m"],
  [/^(address)$/, "203.0.113.7"],
  [/^userAgent$/, "curl/8.5.0"],
  [/^name$/, "Acme Robotics"],
];

function resolve(doc: Document, schema: unknown): Schema {
  let s = schema as Schema;
  for (let hops = 0; typeof s?.$ref === "string" && hops < MAX_DEPTH; hops++) {
    const name = (s.$ref as string).replace("#/components/schemas/", "");
    s = doc.components?.schemas?.[name] ?? {};
  }
  return s ?? {};
}

function firstType(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return (s.type as string[]).find((t) => t !== "null") ?? "null";
  return s.type as string | undefined;
}

/** A value the schema accepts: its own example first, else one built from its parts. */
export function sampleOf(doc: Document, schema: unknown, depth = 0, field = ""): Json {
  const s = resolve(doc, schema);
  if (s.example !== undefined) return s.example as Json;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0] as Json;
  if (s.const !== undefined) return s.const as Json;
  if (s.default !== undefined) return s.default as Json;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0] as Json;
  if (depth > MAX_DEPTH) return null;
  for (const key of ["oneOf", "anyOf"] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length) {
      const pick = options.find((o) => firstType(resolve(doc, o)) !== "null") ?? options[0];
      return sampleOf(doc, pick, depth + 1, field);
    }
  }
  if (Array.isArray(s.allOf))
    return Object.assign({}, ...s.allOf.map((part) => sampleOf(doc, part, depth + 1)));
  switch (firstType(s) ?? (s.properties ? "object" : undefined)) {
    case "object": {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sampleOf(doc, v, depth + 1, k)]));
    }
    case "array": {
      // An array's items are named for the array (`taskIds` holds task ids).
      const item = sampleOf(doc, s.items, depth + 1, field);
      return Array.from({ length: Math.max(1, Number(s.minItems ?? 1)) }, () => item);
    }
    case "string": {
      const known = FORMAT_SAMPLES[s.format as string] ?? FIELD_SAMPLES.find(([re]) => re.test(field))?.[1];
      if (known && known.length <= Number(s.maxLength ?? Number.POSITIVE_INFINITY)) return known;
      const min = Number(s.minLength ?? 0);
      return min > 6 ? "x".repeat(min) : "string";
    }
    case "integer":
    case "number": {
      const lo = typeof s.minimum === "number" ? s.minimum : (s.exclusiveMinimum as number | undefined);
      const hi = typeof s.maximum === "number" ? s.maximum : (s.exclusiveMaximum as number | undefined);
      if (firstType(s) === "number" && lo !== undefined && hi !== undefined) return (lo + hi) / 2;
      if (typeof s.minimum === "number") return s.minimum;
      if (lo !== undefined) return Math.floor(lo) + 1;
      return hi !== undefined ? Math.min(0, hi) : 0;
    }
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return {};
  }
}
