import { describe, expect, it } from "vitest";
import { TaskTracker, terminalOf } from "../../../cli/task-tracker";

describe("following the outcomes of submitted tasks", () => {
  it("counts an outcome that arrives before its batch's response named the task", () => {
    const tracker = new TaskTracker(3);
    // The stream is followed while batches are still being sent.
    expect(tracker.finish("tsk_b", { status: "succeeded", reason: null })).toBe(false);
    tracker.accept(["tsk_a", "tsk_b"]);
    expect(tracker.counts()).toMatchObject({ accepted: 2, succeeded: 1, open: 1 });
    tracker.accept(["tsk_c"]);
    expect(tracker.finish("tsk_a", { status: "failed", reason: "timeout" })).toBe(true);
    expect(tracker.allDone()).toBe(false);
    tracker.finish("tsk_c", { status: "cancelled", reason: "cancelled by client" });
    expect(tracker.allDone()).toBe(true);
    expect(tracker.counts()).toEqual({
      total: 3,
      accepted: 3,
      succeeded: 1,
      failed: 1,
      cancelled: 1,
      open: 0,
    });
    expect(tracker.unsuccessful()).toEqual([
      { id: "tsk_a", status: "failed", reason: "timeout" },
      { id: "tsk_c", status: "cancelled", reason: "cancelled by client" },
    ]);
  });

  it("counts each task once, whichever of the stream and a poll reports it first", () => {
    const tracker = new TaskTracker(1);
    tracker.accept(["tsk_a"]);
    expect(tracker.finish("tsk_a", { status: "succeeded", reason: null })).toBe(true);
    expect(tracker.finish("tsk_a", { status: "succeeded", reason: null })).toBe(false);
    expect(tracker.counts().succeeded).toBe(1);
  });

  it("treats completed, failed and cancelled as the end of a task, and retries as not", () => {
    expect(terminalOf("task.completed")).toBe("succeeded");
    expect(terminalOf("task.failed")).toBe("failed");
    expect(terminalOf("task.cancelled")).toBe("cancelled");
    expect(terminalOf("task.retried")).toBeUndefined();
  });
});
