import type { AuditVerification } from "./types";

/** Whether the hash chain is intact: tampering with, removing or reordering a row breaks it. */
export function VerifyBadge({ verify }: { verify: AuditVerification | null }) {
  if (!verify)
    return (
      <output className="badge muted" data-testid="audit-verify">
        Chain not checked
      </output>
    );
  if (verify.valid)
    return (
      <output className="badge good" data-testid="audit-verify" data-valid="true">
        ✓ Chain verified ({verify.checked} {verify.checked === 1 ? "entry" : "entries"})
      </output>
    );
  return (
    <output className="badge bad" data-testid="audit-verify" data-valid="false" role="alert">
      ✗ Chain broken{" "}
      {verify.firstBrokenId ? (
        <>
          at entry <span className="mono">{verify.firstBrokenId}</span>
        </>
      ) : (
        "(entries missing at the end)"
      )}{" "}
      after {verify.checked} checked
    </output>
  );
}
