import { createPagesFunctionHandler } from "@remix-run/cloudflare-pages";
import { refuseCrossSiteWrites } from "../app/lib/csrf.server";
// @ts-expect-error: the server build exists only after `remix vite:build`
import * as build from "../build/server";
import { getLoadContext } from "../load-context";

const remix = createPagesFunctionHandler({ build, getLoadContext });

export const onRequest: PagesFunction = (context) =>
  refuseCrossSiteWrites(context.request) ?? remix(context as Parameters<typeof remix>[0]);
