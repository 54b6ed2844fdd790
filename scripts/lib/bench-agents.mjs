/**
 * Registers `count` simulated agents and vets them (trust 0.95, with a reason): benchmarks measure
 * the pipeline's throughput, not the time new agents spend earning trust.
 */
export async function vettedAgents(call, key, { count, prefix, maxConcurrency, simulation }) {
  for (let i = 0; i < count; i++) {
    const agent = await call("/api/v1/agents", {
      method: "POST",
      token: key,
      body: {
        name: `${prefix}-${i}`,
        kind: "simulated",
        capabilities: ["general"],
        maxConcurrency,
        simulation: { ...simulation, seed: i + 1 },
      },
    });
    await call(`/api/v1/agents/${agent.id}/trust`, {
      method: "POST",
      token: key,
      body: { trust: 0.95, reason: "benchmark: vetted agent" },
    });
  }
}
