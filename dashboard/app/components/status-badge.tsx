import { statusTone, trust, trustClass } from "../lib/format";

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${statusTone(status)}`}>{status.replace("_", " ")}</span>;
}

export function TrustValue({ value }: { value: number }) {
  return <span className={`mono ${trustClass(value)}`}>{trust(value)}</span>;
}
