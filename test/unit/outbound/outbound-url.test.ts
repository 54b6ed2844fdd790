import { describe, expect, it } from "vitest";
import { outboundUrlProblem } from "../../../shared/outbound-url";

const production = { allowLocal: false };
const local = { allowLocal: true };

describe("outbound URL policy", () => {
  it("accepts public https URLs", () => {
    for (const url of [
      "https://hooks.example.com/warden",
      "https://api.example.org:8443/agents/run?x=1",
      "https://93.184.216.34/hook",
      "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
    ])
      expect(outboundUrlProblem(url, production), url).toBeNull();
  });

  it.each([
    ["http://hooks.example.com/", "must use https"],
    ["ftp://hooks.example.com/", "must use https"],
    ["https://user:pass@hooks.example.com/", "must not contain credentials"],
    ["https://localhost/", "must not point to a local or internal host"],
    ["https://app.localhost/", "must not point to a local or internal host"],
    ["https://metadata.google.internal/computeMetadata/v1/", "must not point to a local or internal host"],
    ["https://127.0.0.1/", "loopback"],
    ["https://2130706433/", "loopback"],
    ["https://0x7f.1/", "loopback"],
    ["https://10.1.2.3/", "private"],
    ["https://172.16.0.1/", "private"],
    ["https://192.168.1.10/", "private"],
    ["https://169.254.169.254/latest/meta-data/", "linkLocal"],
    ["https://100.64.0.1/", "carrierGradeNat"],
    ["https://0.0.0.0/", "unspecified"],
    ["https://[::1]/", "loopback"],
    ["https://[fd00::1]/", "uniqueLocal"],
    ["https://[fe80::1]/", "linkLocal"],
    ["https://[::ffff:10.0.0.1]/", "private"],
    ["not a url", "must be an absolute URL"],
  ])("refuses %s", (url, why) => {
    expect(outboundUrlProblem(url, production)).toContain(why);
  });

  it("allows http to loopback only with the local flag, and still nothing private", () => {
    expect(outboundUrlProblem("http://127.0.0.1:8080/hook", local)).toBeNull();
    expect(outboundUrlProblem("http://localhost:8080/hook", local)).toBeNull();
    expect(outboundUrlProblem("http://[::1]:8080/hook", local)).toBeNull();
    expect(outboundUrlProblem("http://127.0.0.1:8080/hook", production)).toBe("must use https");
    expect(outboundUrlProblem("http://10.0.0.5/hook", local)).toBe("must use https");
    expect(outboundUrlProblem("https://169.254.169.254/", local)).toContain("linkLocal");
    expect(outboundUrlProblem("http://user:pw@127.0.0.1/", local)).toBe("must not contain credentials");
  });
});
