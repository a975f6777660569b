import type { Migration } from './migration';

/**
 * The allow and deny lists of pixel text become each project's own (`pixel_terms`): a term is a
 * word or a regular expression, on the allowlist or the denylist of one project.
 *
 * The global `allowlist` of migration 2 held words and patterns in one column, told apart when
 * read. Its rows move to the project `default` (created, as `getOrCreateProject` would, when
 * rows exist and it does not), classified the way they were read then: text of letters, digits,
 * spaces and `./:%-` is a word; anything else that compiles is a case-insensitive pattern, and
 * what does not compile a word. Then the old table goes.
 */
export const migration005PixelTerms: Migration = {
  version: 5,
  name: 'pixelTerms',
  up(db) {
    db.exec(`
      CREATE TABLE pixel_terms (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        list TEXT NOT NULL CHECK (list IN ('allow', 'deny')),
        kind TEXT NOT NULL CHECK (kind IN ('word', 'regex')),
        term TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 4000 AND term = trim(term)),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (project_id, list, kind, term)
      );
      CREATE INDEX pixel_terms_project ON pixel_terms (project_id, list);
    `);
    const old = db.prepare('SELECT pattern FROM allowlist ORDER BY id').pluck().all() as string[];
    const terms = old.map((p) => p.trim()).filter((p) => p !== '');
    if (terms.length) {
      // The defaults of the day (DEFAULT_OPTIONS 113106 and 113108), written out: a migration never changes.
      db.prepare(
        `INSERT OR IGNORE INTO projects (name, prefix, width, secret, options, issuer_in_key)
         VALUES ('default', 'SUBJ', 5, randomblob(32), '["113106","113108"]', 0)`,
      ).run();
      const project = db.prepare("SELECT id FROM projects WHERE name = 'default'").pluck().get() as number;
      const insert = db.prepare("INSERT OR IGNORE INTO pixel_terms (project_id, list, kind, term) VALUES (?, 'allow', ?, ?)");
      for (const p of terms) {
        const [kind, term] = /^[\p{L}\p{N} ./:%-]+$/u.test(p) || !compiles(p) ? ['word', p] : ['regex', /^\(\?i\)/.test(p) ? p : `(?i)${p}`];
        insert.run(project, kind, term);
      }
    }
    db.exec('DROP TABLE allowlist');
  },
};

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
