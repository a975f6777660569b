import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { writeBurnedImage } from '../fixtures/burnedInImages';
import { BURNED_PATIENT } from '../fixtures/burnedInStudy';
import { createFrame, drawText } from '../pixelText/renderText';
import { hashTree } from '../support/dicomWalk';
import { pinProject } from '../support/pinProject';
import { runCli } from '../support/runCli';
import { writeTinyStudy } from '../support/tinyStudy';

/**
 * Kill a run with burned-in text at random points (seeded), then run it again: the output tree
 * must hold exactly the files of an uninterrupted run, byte for byte, and nothing else; the
 * database must stay intact; no run may print the text read from the pixels.
 */
const CLI = resolve('dist/main/cli.js');
const TRIALS = 10;

let work: string;
let reference: Map<string, string>;
/** How long a run takes once the OCR of the input is recorded: kill points fall inside it. */
let warmMs: number;
const stderrs: string[] = [];

const input = (): string => join(work, 'in');

function relativeTree(dir: string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  return new Map([...hashTree(dir)].map(([p, h]) => [relative(dir, p), h]));
}

/** A small random generator (mulberry32): the kill points are the same on every machine. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deidentify(db: string, out: string): { status: number; ms: number } {
  const t0 = Date.now();
  const r = runCli(['deidentify', input(), '--out', out, '--db', db]);
  stderrs.push(r.stderr);
  expect([0, 3], r.stderr).toContain(r.status);
  return { status: r.status, ms: Date.now() - t0 };
}

/** Starts a run and sends `signal` after `delayMs`; resolves when the process is gone. */
function killedRun(db: string, out: string, signal: NodeJS.Signals, delayMs: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'deidentify', input(), '--out', out, '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    const timer = setTimeout(() => child.kill(signal), delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      stderrs.push(err);
      done();
    });
  });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-kill-'));
  writeTinyStudy(input());
  const ct = createFrame(192, 192, 'uint16', 300);
  drawText(ct, 'MULLER^JURGEN', 8, 8, { value: 4095 });
  drawText(ct, 'MRN-A-7781', 8, 26, { value: 4095, scale: 2, bold: true });
  writeBurnedImage(input(), { path: 'ct/IM0001.dcm', patient: BURNED_PATIENT, rows: 192, cols: 192, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, pixelData: new Uint8Array((ct.data as Uint16Array).buffer), instance: 1 });
  const refDb = join(work, 'ref-db', 'deid.sqlite');
  pinProject(refDb, input());
  deidentify(refDb, join(work, 'ref'));
  reference = relativeTree(join(work, 'ref'));
  warmMs = deidentify(refDb, join(work, 'ref-warm')).ms;
  expect(relativeTree(join(work, 'ref-warm'))).toEqual(reference);
  pinProject(join(work, 'db', 'deid.sqlite'), input());
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a killed run, run again, leaves exactly the uninterrupted outputs', () => {
  it('has something to compare: the reference holds every image, the redacted one included', () => {
    expect(reference.size).toBeGreaterThanOrEqual(6);
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`${signal} at ${TRIALS} random points`, async () => {
      const random = seeded(signal === 'SIGKILL' ? 9 : 15);
      const db = join(work, 'db', 'deid.sqlite');
      for (let trial = 0; trial < TRIALS; trial++) {
        const out = join(work, `out-${signal}-${trial}`);
        await killedRun(db, out, signal, Math.floor(random() * warmMs * 1.2));
        deidentify(db, out);
        expect(relativeTree(out), `${signal} trial ${trial}`).toEqual(reference);
        // Nothing else: no partial files in the tree, no spool folder left beside it.
        expect(existsSync(`${out}.partial`), `${signal} trial ${trial}: ${out}.partial`).toBe(false);
      }
      const check = new Database(db, { readonly: true });
      try {
        expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
        // Every run of this test finished, or was named and closed by the run after it.
        expect(check.prepare("SELECT count(*) FROM runs WHERE command = 'deidentify' AND finished_at IS NULL").pluck().get()).toBe(0);
      } finally {
        check.close();
      }
    }, 600_000);
  }

  it('never printed the text read from the pixels, in stderr or any report', () => {
    const reports = join(work, 'db', 'reports');
    const texts = [...stderrs, ...readdirSync(reports).map((f) => readFileSync(join(reports, f), 'utf8'))];
    for (const t of texts) for (const phi of ['MULLER', 'JURGEN', 'MRN-A-7781']) expect(t).not.toContain(phi);
  });
});
