/**
 * The verify pass: a written image is read again by the same OCR, and any text that names one of
 * the patient's identifiers or reads as a date is a finding. Text inside a box a reviewer rejected
 * (decided to keep) is not a finding: that decision is on record.
 */
import { boxIntersection, type Box } from '../../ocr/grayImage';
import { ocrImageFile } from '../../ocr/ocrImage';
import type { MatchContext } from '../../ocr/readWords';
import type { OcrPool } from '../../ocr/tesseractPool';

/** Text found where none should be. */
export interface VerifyFinding {
  plane: 'frame' | 'overlay';
  overlayGroup: number | null;
  /** 0-based frame; null for every frame. */
  frame: number | null;
  box: Box;
  text: string;
  /** What it matched, e.g. `name:DOE`, `pattern:date`. */
  reason: string;
}

/** The verdict on one file. */
interface VerifyResult {
  /** `clean`: nothing found; `found`: findings; `failed`: the file could not be read. */
  status: 'clean' | 'found' | 'failed';
  findings: VerifyFinding[];
  error: string | null;
}

/** A region a reviewer decided to keep (a rejected box): `frame` null for every frame. */
export interface KeptBox extends Box {
  frame: number | null;
}

/** Knobs of `verifyImageFile`. */
interface VerifyOptions {
  pool: OcrPool;
  /** The patient's identifiers; `redactAllText` is ignored (only identifying text is a finding). */
  match: MatchContext;
  kept?: readonly KeptBox[];
  signal?: AbortSignal;
  sampleInterval?: number;
}

const FINDING = /^(?:name|id|date|institution|address):|^pattern:date$/;

/** Re-reads the pixels and overlays of a written image and reports identifying text. */
export async function verifyImageFile(path: string, opts: VerifyOptions): Promise<VerifyResult> {
  const r = await ocrImageFile(path, {
    pool: opts.pool,
    match: { ...opts.match, redactAllText: false },
    signal: opts.signal,
    sampleInterval: opts.sampleInterval,
  });
  if (r.status !== 'done') return { status: 'failed', findings: [], error: r.error ?? r.status };
  const findings: VerifyFinding[] = [];
  for (const rect of r.rects) {
    if (rect.status !== 'proposed' || !rect.reason || !FINDING.test(rect.reason)) continue;
    const box = { x: rect.x, y: rect.y, w: rect.w, h: rect.h };
    if (isKept(box, rect.frame, opts.kept ?? [])) continue;
    findings.push({ plane: rect.plane, overlayGroup: rect.overlayGroup ?? null, frame: rect.frame, box, text: rect.text ?? '', reason: rect.reason });
  }
  return { status: findings.length ? 'found' : 'clean', findings, error: null };
}

/** Mostly (half or more) inside a kept box that applies to the same frame. */
function isKept(box: Box, frame: number | null, kept: readonly KeptBox[]): boolean {
  return kept.some((k) => (k.frame === null || k.frame === frame) && boxIntersection(k, box) >= 0.5 * box.w * box.h);
}

/** One line per finding, for reports. */
export function describeFindings(findings: readonly VerifyFinding[]): string {
  return findings
    .slice(0, 5)
    // Never the text itself: this goes to stderr and the run report (the text export holds it).
    .map((f) => `${f.reason} at ${f.box.x},${f.box.y}${f.frame === null ? '' : ` frame ${f.frame}`}${f.plane === 'overlay' ? ' in an overlay' : ''}`)
    .join('; ') + (findings.length > 5 ? `; and ${findings.length - 5} more` : '');
}
