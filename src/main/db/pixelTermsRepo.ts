/**
 * Each project's allow and deny lists of pixel text (`pixel_terms`, migration 4). Terms are
 * checked before they are stored (`checkTerm`), so the lists hold only what the matchers accept.
 */
import { checkTerm, type PixelTerm, type TermKind, type TermList } from '../phi/pixelTerms';
import type { AppDatabase } from './database';

/** A stored term with when it was added. */
interface StoredPixelTerm extends PixelTerm {
  createdAt: string;
}

const COLUMNS = 'list, kind, term, created_at AS createdAt';

/** The terms of a project (one list, or both), by list, kind and term. */
export function listPixelTerms(db: AppDatabase, projectId: number, list?: TermList): StoredPixelTerm[] {
  const where = list ? 'project_id = ? AND list = ?' : 'project_id = ?';
  const args = list ? [projectId, list] : [projectId];
  return db.statement(`SELECT ${COLUMNS} FROM pixel_terms WHERE ${where} ORDER BY list, kind, term`).all(...args) as StoredPixelTerm[];
}

/** Every project's denylist terms, for text whose project cannot be told (a tree traced to no one). */
export function listAllDenyTerms(db: AppDatabase): StoredPixelTerm[] {
  return db.statement(`SELECT DISTINCT ${COLUMNS} FROM pixel_terms WHERE list = 'deny' ORDER BY kind, term`).all() as StoredPixelTerm[];
}

/**
 * Adds terms to a project's lists in one transaction; returns how many were new (a term already
 * listed is left as it is). Throws the `PixelTermError` of the first term that cannot be listed,
 * and then adds none.
 */
export function addPixelTerms(db: AppDatabase, projectId: number, terms: readonly PixelTerm[]): number {
  const checked = terms.map((t) => {
    const c = checkTerm(t.list, t.kind, t.term);
    if (!c.ok) throw c.error;
    return c.value;
  });
  const insert = db.statement('INSERT OR IGNORE INTO pixel_terms (project_id, list, kind, term) VALUES (?, ?, ?, ?)');
  return db.write(() => checked.reduce((n, t) => n + insert.run(projectId, t.list, t.kind, t.term).changes, 0));
}

/**
 * Removes terms from one list of a project, of either kind unless `kind` is given; all or none:
 * returns the terms that are not on the list (then nothing was removed).
 */
export function removePixelTerms(db: AppDatabase, projectId: number, list: TermList, terms: readonly string[], kind?: TermKind): string[] {
  const kindClause = kind ? ' AND kind = ?' : '';
  const find = db.statement(`SELECT count(*) FROM pixel_terms WHERE project_id = ? AND list = ? AND term = ?${kindClause}`).pluck();
  const remove = db.statement(`DELETE FROM pixel_terms WHERE project_id = ? AND list = ? AND term = ?${kindClause}`);
  return db.write(() => {
    const args = (term: string): unknown[] => (kind ? [projectId, list, term.trim(), kind] : [projectId, list, term.trim()]);
    const missing = terms.filter((t) => find.get(...args(t)) === 0);
    if (missing.length === 0) for (const t of terms) remove.run(...args(t));
    return missing;
  });
}
