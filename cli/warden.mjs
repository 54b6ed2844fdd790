#!/usr/bin/env node
// The `warden` command. The CLI is TypeScript that shares the API's schemas; tsx compiles it on
// the fly, so there is no build step between editing and running.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
