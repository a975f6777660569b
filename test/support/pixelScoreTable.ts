/** The pixel score as the report prints it: one row per family, the total, then every failure. */
import type { CorpusRowScore } from './corpusTruthScore';
import type { ScoreTotals, TruthScore } from './pixelScore';

function pct(n: number, of: number): string {
  return of === 0 ? '   -  ' : `${((100 * n) / of).toFixed(1).padStart(5)}%`;
}

function row(name: string, t: ScoreTotals): string {
  return [
    name.padEnd(20),
    String(t.images).padStart(4),
    String(t.withheld).padStart(5),
    `${t.phiUnreadable}/${t.phi}`.padStart(7),
    pct(t.phiUnreadable, t.phi),
    `${t.phiReadableIn}/${t.phi}`.padStart(7),
    `${t.kept}/${t.keep}`.padStart(7),
    pct(t.kept, t.keep),
    String(t.cleanLabelLeaks).padStart(6),
  ].join('  ');
}

/** The table of a text-truth score, with the failing strings and the clean-labelled leaks. */
export function formatTruthScore(score: TruthScore): string {
  const head = ['family'.padEnd(20), 'imgs', 'held', 'phi ok', '  phi%', 'ref in', 'kept', ' keep%', 'leaks'].join('  ');
  const lines = [head, ...[...score.families].map(([name, t]) => row(name, t)), row('ALL', score.overall)];
  lines.push('', 'phi ok: PHI strings with <= 10 % ink left and unreadable to tesseract at 3x; ref in: PHI strings that reference reads in the input;');
  lines.push('kept: harmless strings with >= 90 % ink left and still readable; held: images not written; leaks: outputs showing PHI yet labelled clean.');
  const failed = score.strings.filter((s) => !s.pass);
  if (failed.length) {
    lines.push('', 'Failures:');
    for (const s of failed) {
      lines.push(`  ${s.kind.padEnd(4)} ${s.family}/${s.path.split('/').pop()} "${s.text}": ink left ${(100 * s.inkLeft).toFixed(0)} %, reference ${s.readableIn ? 'reads' : 'cannot read'} it in the input${s.readableIn ? `, ${s.readableOut ? 'reads' : 'cannot read'} it after` : ''} (${s.status})`);
    }
  }
  if (score.cleanLabelLeaks.length) {
    lines.push('', 'Outputs that still show PHI but say their pixels are clean (113101 or BurnedInAnnotation NO):');
    for (const l of score.cleanLabelLeaks) {
      lines.push(`  ${l.path}: ${l.shown.map((t) => `"${t}"`).join(', ')} (113101 ${l.claims.cleanPixelData ? 'yes' : 'no'}, BurnedInAnnotation ${l.claims.burnedInAnnotation || 'absent'})`);
    }
  }
  return lines.join('\n');
}

/** The corpus rows' table: each row's verdict, and the totals. */
export function formatCorpusScore(rows: readonly CorpusRowScore[]): string {
  const scored = rows.filter((r) => r.readableIn);
  const phi = scored.filter((r) => r.kind === 'phi');
  const keep = scored.filter((r) => r.kind === 'keep');
  const lines = rows.map((r) => `  ${r.pass ? 'ok  ' : 'FAIL'} ${r.kind.padEnd(4)} ${r.path} "${r.text}": ${r.readableIn ? r.verdict : 'unscored (the reference cannot read it in the input)'}`);
  lines.push(`burned-in-truth.csv: phi unreadable ${phi.filter((r) => r.pass).length}/${phi.length} (${pct(phi.filter((r) => r.pass).length, phi.length).trim()}), keep kept ${keep.filter((r) => r.pass).length}/${keep.length} (${pct(keep.filter((r) => r.pass).length, keep.length).trim()}), ${rows.length - scored.length} unscored`);
  return lines.join('\n');
}
