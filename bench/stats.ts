/** Latency samples in milliseconds → the figures a benchmark reports. */
export function summarize(samplesMs: number[], wallMs: number) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    n: sorted.length,
    perSecond: Math.round((sorted.length / wallMs) * 1000),
    p50: +at(0.5).toFixed(3),
    p99: +at(0.99).toFixed(3),
    max: +sorted[sorted.length - 1]!.toFixed(3),
  };
}

export async function timeLoop(n: number, fn: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return summarize(samples, performance.now() - start);
}
