import type { ChildProcess, StdioOptions } from "node:child_process";

interface Server {
  origin: string;
  child: ChildProcess;
  stop(): void;
}
export interface Demo {
  tenantId: string;
  slug: string;
  ownerEmail: string;
  ownerPassword: string;
  apiKey: string;
  /** Where the demo story stands (GET /api/v1/demo's shape). */
  story: { speed: number; autoplay: boolean; script: { at: number; title: string }[] };
}
export function startStack(options?: {
  apiPort?: number;
  dashboardPort?: number;
  persistTo?: string;
  stdio?: StdioOptions;
  demoStatePath?: string;
  log?: (line: string) => void;
  speed?: 1 | 5 | 10;
  autoplay?: boolean;
}): Promise<{ api: Server; dashboard: Server; demo: Demo; vars: Record<string, string>; stop(): void }>;
