import { useRouteLoaderData } from "@remix-run/react";
import type { Role } from "../../../shared/roles";
import { roleMay } from "../../../shared/route-policy";

interface ShellData {
  user: { id: string; email: string; name: string | null; role: Role };
  tenant: { id: string; name: string; slug: string };
  csrf: string;
  lastSeq: number;
}

/** Who is signed in (from the shell's loader), and what their role may do. */
export function useSignedIn() {
  const data = useRouteLoaderData<ShellData>("routes/_app");
  if (!data) throw new Error("useSignedIn outside the signed-in shell");
  return {
    ...data,
    /** `may("POST /agents/{id}/trust")`: offer a control only when the API would allow it. */
    may: (route: string) => roleMay(data.user.role, route),
  };
}
