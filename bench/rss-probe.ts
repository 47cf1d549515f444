// Preloaded (`node --import dist/bench/rss-probe.js ...`) into a `generate` run of the scale
// figure (bench/scale.ts): writes the process's peak resident set size (bytes, from
// process.resourceUsage().maxRSS, which the kernel keeps) as JSON to the file named by
// BENCH_RSS_PROBE when the process exits.
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_PROBE;
if (!out) throw new Error('rss-probe: set BENCH_RSS_PROBE to the file that receives the peak');
process.on('exit', () => {
  writeFileSync(out, JSON.stringify({ max_rss_bytes: process.resourceUsage().maxRSS * 1024 }));
});
