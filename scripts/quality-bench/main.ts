// npm run bench:quality [-- --short]: Warden's governance engine against baseline routers on
// simulated fleets, on a virtual clock (decision 017). Prints Markdown tables for docs/benchmarks.md.
import { markdown } from "./report";
import { FULL, runAll, SHORT } from "./run";

const short = process.argv.includes("--short");
const mode = short ? SHORT : FULL;
const started = performance.now();
const results = runAll(mode);
console.log(markdown(results));
console.log(
  `${short ? "Short" : "Full"} run: ${mode.arrivalMs / 60_000} min of arrivals per scenario, seeds ${mode.seeds.join(", ")}; ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s.`,
);
