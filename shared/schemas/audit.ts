import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

/** The audit log as the API shows it: GET /audit, its export and its verification. */
const HASH = z.string().openapi({ example: "9f2c…", description: "sha256, hex" });

export const AuditEntrySchema = z
  .object({
    id: z.string().openapi({ example: "aud_01jd0000000000000000000000" }),
    seq: z.number().int().openapi({ description: "Position in the tenant's chain, from 1, gap-free" }),
    at: Timestamp,
    actor: z.object({
      type: z.string().openapi({ example: "user" }),
      id: z.string().nullable().openapi({ example: "usr_01jd0000000000000000000000" }),
    }),
    action: z.string().openapi({ example: "agent.suppress" }),
    target: z
      .object({
        type: z.string().openapi({ example: "agent" }),
        id: z.string().nullable().openapi({ example: "agt_01jd0000000000000000000000" }),
      })
      .nullable(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    address: z.string().nullable(),
    userAgent: z.string().nullable(),
    before: z.unknown().openapi({ description: "The target before the change, where that means something" }),
    after: z.unknown().openapi({ description: "The target after the change, where that means something" }),
    prevHash: HASH,
    hash: HASH.openapi({ description: "sha256(prevHash | canonical JSON of the row)" }),
  })
  .openapi("AuditEntry");

export const VerificationSchema = z
  .object({
    valid: z.boolean(),
    checked: z.number().int().openapi({ description: "Rows examined (up to the first broken one)" }),
    firstBrokenId: z.string().nullable().openapi({
      description: "The first row that fails; null if none, or if rows are missing at the end",
    }),
    keptFromSeq: z.number().int().optional().openapi({
      example: 1201,
      description:
        "Present once the retention policy (settings.retention.auditDays) deleted the oldest rows: the kept chain starts at this seq, linked to the hash the tenant's hub recorded for the last deleted row",
    }),
  })
  .openapi("AuditVerification");
export type AuditEntryView = z.infer<typeof AuditEntrySchema>;
export type AuditVerification = z.infer<typeof VerificationSchema>;
