/**
 * The load generator of the benchmarks (bench/load.ts runs it), with any
 * request headers (a session cookie through the gateway, an internal token at
 * a service), run as its own process so that it does not share an event loop
 * with the servers it measures. Closed loop: each of `connections`
 * keep-alive connections sends its next request when the answer to the
 * previous one has arrived (autocannon, pipelining 1).
 *
 * autocannon's own latency histogram keeps whole milliseconds, too coarse for
 * sub-millisecond answers; the latencies here come from its per-response event
 * (high-resolution, in ms) and the percentiles are computed over all samples.
 *
 *   node bench/load.mjs '{"url":"…","connections":16,"seconds":5,"headers":[{"cookie":"…"},…]}'
 * prints one JSON line: { requests, seconds, perSecond, p50, p95, p99, max, non2xx, errors, timeouts }
 * Connection i sends headers[i % headers.length] (one caller per connection, as separate clients would be).
 */
import autocannon from 'autocannon';

const { url, connections, seconds, headers = [] } = JSON.parse(process.argv[2] ?? '{}');
if (!url || !connections || !seconds) throw new Error('usage: load.mjs {"url","connections","seconds","headers"}');

const samples = [];
let opened = 0;
const started = performance.now();
const instance = autocannon({
  url,
  connections,
  pipelining: 1,
  duration: seconds,
  timeout: 10,
  setupClient(client) {
    if (headers.length) client.setHeaders(headers[opened++ % headers.length]);
  },
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) samples.push(responseTime);
});
instance.on('done', (result) => {
  const wall = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(samples).sort();
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : Number.NaN);
  const round = (x) => +x.toFixed(3);
  process.stdout.write(
    `${JSON.stringify({
      requests: sorted.length,
      seconds: round(wall),
      perSecond: Math.round(sorted.length / wall),
      p50: round(at(0.5)),
      p95: round(at(0.95)),
      p99: round(at(0.99)),
      max: round(sorted.length ? sorted[sorted.length - 1] : Number.NaN),
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    })}\n`,
  );
});
