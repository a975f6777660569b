// `npm run bench`: runs each benchmark and prints the figures; results also go to bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { formatHeaderBench, headerBench } from './headerBench';

const which = new Set(process.argv.slice(2));
const all = which.size === 0;
const results: Record<string, unknown> = {};
mkdirSync('bench-results', { recursive: true });
if (all || which.has('header')) {
  const r = headerBench(Number(process.env.BENCH_FILES ?? 1000));
  results.header = r;
  process.stdout.write(`${formatHeaderBench(r)}\n`);
}
writeFileSync('bench-results/latest.json', JSON.stringify(results, null, 2));
