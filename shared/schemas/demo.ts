import { z } from "@hono/zod-openapi";
import { DEMO_SPEEDS, type DemoSpeed } from "../demo/config";

const SPEED_MESSAGE = `speed must be one of ${DEMO_SPEEDS.join(", ")}`;

export const DemoSpeedSchema = z
  .number(SPEED_MESSAGE)
  .refine((v): v is DemoSpeed => DEMO_SPEEDS.includes(v as DemoSpeed), SPEED_MESSAGE)
  .openapi({ enum: [...DEMO_SPEEDS], description: "How much faster than real time the story plays." });

export const DemoSettingsSchema = z
  .strictObject({
    speed: DemoSpeedSchema,
    autoplay: z
      .boolean("autoplay must be true or false")
      .describe("Play the story and the task stream (true), or hold them at their current point (false)."),
  })
  .openapi("DemoSettings");
export type DemoSettings = { speed: DemoSpeed; autoplay: boolean };

export const DemoResetSchema = z
  .strictObject({ speed: DemoSpeedSchema.optional().describe("Defaults to the current speed.") })
  .openapi("DemoReset");

export const DemoStepSchema = z
  .object({
    at: z.number().describe("Seconds from the start of the story at the current speed."),
    title: z.string(),
  })
  .openapi("DemoStep");
export type DemoStep = z.infer<typeof DemoStepSchema>;

export const DemoStateSchema = z
  .object({
    speed: DemoSpeedSchema,
    autoplay: z.boolean().describe("false while the story is paused."),
    startedAt: z.string().describe("When this run of the story started (shifted by any pause)."),
    elapsedSeconds: z.number().describe("Seconds of this run so far, at the current speed."),
    finished: z.boolean().describe("Every step has happened; the task stream carries on."),
    tasksSubmitted: z.number().int().describe("Tasks the stream has submitted in this run."),
    stepsDone: z.number().int(),
    nextStep: DemoStepSchema.nullable(),
    script: z.array(DemoStepSchema),
  })
  .openapi("DemoState");
export type DemoState = z.infer<typeof DemoStateSchema>;
