import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileOutcome } from '../../src/shared/runSummary';
import { el, sq } from '../fixtures/elements';
import { TEXT_TRUTH_FAMILIES, buildTextTruth } from '../fixtures/textTruth/families';
import { renderTruth } from '../fixtures/textTruth/renderTruth';
import type { TruthImage, TruthImageSpec } from '../fixtures/textTruth/truth';
import { writeTruthImage } from '../fixtures/textTruth/writeTruth';
import { fillRect, type PixelTarget } from '../pixelText/renderText';
import { countInk, type InkPlane } from './inkLeft';
import { judgeMissing } from './judges';
import { scoreTextTruth, type TruthScore } from './pixelScore';
import { openScoredImage } from './truthPixels';

const SPECS = TEXT_TRUTH_FAMILIES.flatMap((f) => f.images.map((spec) => ({ family: f.name, spec })));
/** The image the "perfect" tree leaves unburned while claiming 113101: the worst failure. */
const LEAKY = 'font-sizes/CT7PX.dcm';

describe('countInk', () => {
  const { spec, family } = SPECS.find((s) => s.spec.path === 'report-screen/REPORT.dcm') as (typeof SPECS)[number];
  const { frames, truth } = renderTruth(spec, family);
  const plane = (t: PixelTarget): InkPlane => ({ data: t.data, width: t.width, height: t.height, samplesPerPixel: 1 });
  const name = truth.strings.find((s) => s.text === 'GALLAGHER, ROISIN') as TruthImage['strings'][number];
  const burned = (fill: (t: PixelTarget) => void): InkPlane => {
    const t = { ...frames[0], data: frames[0].data.slice() };
    fill(t);
    return plane(t);
  };
  const left = (out: InkPlane | undefined): number => {
    const c = countInk(plane(frames[0]), out, name.masks[0]);
    return c.left / c.ink;
  };

  it('counts all of untouched ink as left, none of burned ink, and part of a half-burned string', () => {
    expect(left(plane(frames[0]))).toBe(1);
    expect(left(burned((t) => fillRect(t, name.boxes[0], 0)))).toBe(0);
    const b = name.boxes[0];
    const half = left(burned((t) => fillRect(t, { ...b, w: Math.round(b.w / 2) }, 0)));
    expect(half).toBeGreaterThan(0.3);
    expect(half).toBeLessThan(0.7);
    expect(left(undefined)).toBe(0);
  });

  it('counts ink as gone when its ground is filled with the ink colour (black box over black text)', () => {
    expect(left(burned((t) => fillRect(t, { x: name.boxes[0].x - 3, y: name.boxes[0].y - 3, w: name.boxes[0].w + 6, h: name.boxes[0].h + 6 }, 20)))).toBe(0);
  });
});

/** Outcomes that map every input to the output of the same relative path. */
function sameLayout(inputRoot: string, truth: readonly TruthImage[]): FileOutcome[] {
  return truth.map((t) => ({ path: resolve(inputRoot, t.path), status: 'written', output: t.path }));
}

/**
 * A redaction that is right by construction: the decoded input with every PHI box filled with 0,
 * overlays cleared, written natively with BurnedInAnnotation NO and 113101 (except `LEAKY`).
 */
async function writePerfectOutput(inputRoot: string, outputRoot: string): Promise<void> {
  for (const { family, spec } of SPECS) {
    const { truth, overlay } = renderTruth(spec, family);
    const input = await openScoredImage(join(inputRoot, spec.path), Array.from({ length: truth.frameCount }, (_, i) => i));
    const frames: PixelTarget[] = [...input.frames.values()].map((f) => ({ data: f.decoded.data as PixelTarget['data'], width: f.decoded.width, height: f.decoded.height, samplesPerPixel: f.decoded.samplesPerPixel }));
    if (spec.path !== LEAKY) {
      for (const s of truth.strings) {
        if (s.kind !== 'phi' || s.plane !== 'pixels') continue;
        s.frames.forEach((f, i) => fillRect(frames[f], s.boxes[i], 0));
      }
    }
    const clean: TruthImageSpec = {
      ...spec,
      encoding: { kind: 'native' },
      burnedInAnnotation: 'NO',
      extra: [...(spec.extra ?? []), sq('DeidentificationMethodCodeSequence', [[el('CodeValue', '113101'), el('CodingSchemeDesignator', 'DCM'), el('CodeMeaning', 'Clean Pixel Data Option')]])],
    };
    writeTruthImage(outputRoot, clean, { frames, overlay: overlay ? new Uint8Array(overlay.length) : undefined, truth });
  }
}

describe.skipIf(judgeMissing('tesseract'))('the pixel scorer on the text-truth families', () => {
  let work: string;
  let truth: TruthImage[];
  let unchanged: TruthScore;
  let perfect: TruthScore;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'deid-pixel-score-'));
    const inputRoot = join(work, 'in');
    truth = buildTextTruth(inputRoot);
    unchanged = await scoreTextTruth({ inputRoot, outputRoot: inputRoot, outcomes: sameLayout(inputRoot, truth), truth });
    await writePerfectOutput(inputRoot, join(work, 'out'));
    perfect = await scoreTextTruth({ inputRoot, outputRoot: join(work, 'out'), outcomes: sameLayout(inputRoot, truth), truth });
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('is fair: native tesseract at 3x reads every PHI string (or one of its words) in the input', () => {
    const unread = unchanged.strings.filter((s) => s.kind === 'phi' && !s.readableIn).map((s) => `${s.path} "${s.text}"`);
    expect(unread).toEqual([]);
  });

  it('fails every PHI string of an output that changed nothing, keeps every harmless one, and names the NO image as a clean-labelled leak', () => {
    expect(unchanged.strings.filter((s) => s.kind === 'phi' && (s.pass || s.inkLeft !== 1)).map((s) => s.text)).toEqual([]);
    expect(unchanged.strings.filter((s) => s.kind === 'keep' && !s.pass).map((s) => `${s.path} "${s.text}"`)).toEqual([]);
    expect(unchanged.overall.phiUnreadable).toBe(0);
    expect(unchanged.cleanLabelLeaks.map((l) => l.path)).toEqual(['says-no/NO.dcm']);
  });

  it('passes a redaction that burns exactly the PHI boxes, and lists the one output that claims 113101 over unburned text', () => {
    const wrong = perfect.strings.filter((s) => s.path !== LEAKY && !s.pass).map((s) => `${s.kind} ${s.path} "${s.text}" ink ${s.inkLeft.toFixed(2)} read ${s.readableOut}`);
    expect(wrong).toEqual([]);
    expect(perfect.strings.filter((s) => s.path === LEAKY && s.kind === 'phi').every((s) => !s.pass && s.readableOut)).toBe(true);
    expect(perfect.cleanLabelLeaks.map((l) => [l.path, l.claims.cleanPixelData, l.claims.burnedInAnnotation])).toEqual([[LEAKY, true, 'NO']]);
    const family = perfect.families.get('font-sizes');
    expect(family && family.phiUnreadable).toBe((family?.phi ?? 0) - 3);
  });
});
