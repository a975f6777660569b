/**
 * Greedy CTC decoding of the recogniser's output: the most likely class at each time step,
 * repeats merged, blanks dropped. Each character keeps the time steps it was emitted on, which
 * give its position along the line.
 */

/** A decoded character and the time steps `[t0, t1]` (inclusive) it spans. */
interface CtcChar {
  text: string;
  t0: number;
  t1: number;
  /** Its probability at its first step (PaddleOCR scores a character by that step alone). */
  probability: number;
}

/**
 * Decodes one line from `probs` (`steps × labels.length` softmax outputs starting at `offset`),
 * with `labels[0]` the blank. Confidence is the mean probability of the emitted characters, 0–100
 * (PaddleOCR's score), 0 for an empty line.
 */
export function ctcGreedyDecode(probs: Float32Array, offset: number, steps: number, labels: readonly string[]): { chars: CtcChar[]; confidence: number } {
  const classes = labels.length;
  const chars: CtcChar[] = [];
  let previous = 0;
  for (let t = 0; t < steps; t++) {
    const row = offset + t * classes;
    let best = 0;
    let p = probs[row];
    for (let k = 1; k < classes; k++) {
      if (probs[row + k] > p) {
        p = probs[row + k];
        best = k;
      }
    }
    if (best !== 0 && best === previous) {
      chars[chars.length - 1].t1 = t;
    } else if (best !== 0) {
      chars.push({ text: labels[best], t0: t, t1: t, probability: p });
    }
    previous = best;
  }
  const confidence = chars.length === 0 ? 0 : (100 * chars.reduce((s, c) => s + c.probability, 0)) / chars.length;
  return { chars, confidence };
}
