import { describe, expect, it } from "vitest";
import { resolveSettings } from "../../../cli/config";
import { UsageError } from "../../../cli/errors";
import { table } from "../../../cli/output";

describe("where the CLI finds Warden and its key", () => {
  it("reads WARDEN_URL and WARDEN_API_KEY, and flags win over them", () => {
    const env = { WARDEN_URL: "https://warden.example.com/", WARDEN_API_KEY: "wk_live_env" };
    expect(resolveSettings({}, env)).toEqual({
      url: "https://warden.example.com",
      apiKey: "wk_live_env",
      json: false,
    });
    expect(
      resolveSettings({ url: "http://127.0.0.1:9999", apiKey: "wk_live_flag", json: true }, env),
    ).toEqual({
      url: "http://127.0.0.1:9999",
      apiKey: "wk_live_flag",
      json: true,
    });
  });

  it("defaults to the local API and insists on a key", () => {
    expect(resolveSettings({}, { WARDEN_API_KEY: "k" }).url).toBe("http://127.0.0.1:8787");
    expect(() => resolveSettings({}, {})).toThrow(
      new UsageError("No API key: set WARDEN_API_KEY or pass --api-key."),
    );
    expect(() => resolveSettings({ url: "warden.example.com" }, { WARDEN_API_KEY: "k" })).toThrow(UsageError);
  });
});

describe("tables", () => {
  it("pad text to the widest cell and right-align numbers", () => {
    expect(
      table(
        ["NAME", "OK"],
        [
          ["atlas", 1200],
          ["b", 7],
        ],
      ),
    ).toBe(["NAME      OK", "atlas  1,200", "b          7"].join("\n"));
  });
});
