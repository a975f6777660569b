// `npm run bench`: runs each benchmark and prints the figures; results also go to bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { engineBench, formatEngineBench } from './engineBench';
import { formatHeaderBench, headerBench } from './headerBench';
import { formatPixelBench, pixelBench } from './pixelBench';
import { formatReviewBench, reviewBench } from './reviewBench';

const args = process.argv.slice(2);
const which = new Set(args.filter((a) => !a.startsWith('--')));
/** `--name=a,b` from the command line, split on commas. */
const listArg = (name: string): string[] | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3).split(',').filter(Boolean);
const PIXEL_PARTS = ['ct', 'gdcmanon', 'header', 'mixed'] as const;
type PixelPart = (typeof PIXEL_PARTS)[number];
const isPixelPart = (s: string): s is PixelPart => (PIXEL_PARTS as readonly string[]).includes(s);
const all = which.size === 0;
const results: Record<string, unknown> = {};
mkdirSync('bench-results', { recursive: true });
if (all || which.has('header')) {
  const r = headerBench(Number(process.env.BENCH_FILES ?? 1000));
  results.header = r;
  process.stdout.write(`${formatHeaderBench(r)}\n`);
}
if (all || which.has('pixel')) {
  const sizes = listArg('sizes')?.map(Number);
  const only = listArg('only')?.filter(isPixelPart);
  const r = await pixelBench(Number(process.env.BENCH_CT_SLICES ?? 1000), { ...(sizes ? { sizes } : {}), ...(only ? { only: new Set(only) } : {}) });
  results.pixel = r;
  process.stdout.write(`${formatPixelBench(r)}\n`);
}
if (all || which.has('review')) {
  const r = await reviewBench();
  results.review = r ?? null;
  process.stdout.write(`${formatReviewBench(r)}\n`);
}
if (all || which.has('engines')) {
  const r = await engineBench();
  results.engines = r;
  process.stdout.write(`${formatEngineBench(r)}\n`);
}
writeFileSync('bench-results/latest.json', JSON.stringify(results, null, 2));
