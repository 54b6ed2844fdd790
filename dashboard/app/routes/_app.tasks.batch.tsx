import { type ActionFunctionArgs, redirect } from "@remix-run/cloudflare";
import { batchStatus, sendBatch } from "../components/tasks/task-actions.server";
import { requireAction } from "../lib/auth.server";

/** Uploads are made on the Tasks page; this route only takes its requests. */
export const loader = () => redirect("/tasks");

export async function action(args: ActionFunctionArgs) {
  const signed = await requireAction(args);
  return signed.form.get("intent") === "status"
    ? batchStatus(signed, signed.form)
    : sendBatch(signed, signed.form);
}
