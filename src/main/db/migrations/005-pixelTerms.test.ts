import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';
import { openDatabase } from '../openDatabase';
import { listPixelTerms } from '../pixelTermsRepo';
import { findProject } from '../projectsRepo';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-005-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database at version 4 (before this migration) with `patterns` in the old global allowlist. */
function oldDatabase(patterns: readonly string[], withDefaultProject = false): string {
  const file = path.join(dir, 'old.sqlite');
  const raw = new Database(file);
  migrate(raw, 4);
  if (withDefaultProject) {
    raw.prepare("INSERT INTO projects (name, prefix, width, secret, options) VALUES ('default', 'KU', 4, randomblob(32), '[]')").run();
  }
  const insert = raw.prepare('INSERT INTO allowlist (pattern) VALUES (?)');
  for (const p of patterns) insert.run(p);
  expect(migrate(raw, 5)).toEqual([5]);
  expect(schemaVersion(raw)).toBe(5);
  raw.close();
  return file;
}

describe('migration 005 (pixel terms)', () => {
  it("moves the global allowlist to the default project's, words and patterns told apart as they were read", () => {
    const db = openDatabase(oldDatabase(['Liver Protocol', 'PROBE-\\d+', '(?i)ACME\\d', '12.5 cm', '[unclosed']));
    try {
      const project = findProject(db, 'default');
      expect(project).toMatchObject({ prefix: 'SUBJ', width: 5, options: ['113106', '113108'] });
      expect(listPixelTerms(db, project?.id as number).map((t) => [t.list, t.kind, t.term])).toEqual([
        ['allow', 'regex', '(?i)PROBE-\\d+'],
        // Not a JavaScript pattern before this step either: it was read as a word.
        ['allow', 'word', '(?i)ACME\\d'],
        ['allow', 'word', '12.5 cm'],
        ['allow', 'word', 'Liver Protocol'],
        ['allow', 'word', '[unclosed'],
      ]);
      expect(db.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'allowlist'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('uses an existing default project and creates none when there was nothing to move', () => {
    const db = openDatabase(oldDatabase(['ACME'], true));
    try {
      expect(findProject(db, 'default')?.prefix).toBe('KU');
      expect(listPixelTerms(db, findProject(db, 'default')?.id as number, 'allow').map((t) => t.term)).toEqual(['ACME']);
    } finally {
      db.close();
    }
    fs.rmSync(path.join(dir, 'old.sqlite'));
    const empty = openDatabase(oldDatabase([]));
    try {
      expect(findProject(empty, 'default')).toBeUndefined();
    } finally {
      empty.close();
    }
  });

  it('checks lists, kinds and terms, and drops a project’s terms with it', () => {
    const db = openDatabase(path.join(dir, 'new.sqlite'));
    try {
      const id = Number(db.sqlite.prepare("INSERT INTO projects (name, options) VALUES ('p', '[]')").run().lastInsertRowid);
      const ins = db.sqlite.prepare('INSERT INTO pixel_terms (project_id, list, kind, term) VALUES (?, ?, ?, ?)');
      expect(() => ins.run(id, 'maybe', 'word', 'x')).toThrow(/CHECK/);
      expect(() => ins.run(id, 'allow', 'glob', 'x')).toThrow(/CHECK/);
      expect(() => ins.run(id, 'allow', 'word', ' x')).toThrow(/CHECK/);
      expect(() => ins.run(id, 'allow', 'word', '')).toThrow(/CHECK/);
      expect(() => ins.run(id + 1, 'allow', 'word', 'x')).toThrow(/FOREIGN KEY/);
      ins.run(id, 'allow', 'word', 'x');
      expect(() => ins.run(id, 'allow', 'word', 'x')).toThrow(/UNIQUE/);
      db.sqlite.prepare('DELETE FROM projects WHERE id = ?').run(id);
      expect(db.sqlite.prepare('SELECT count(*) FROM pixel_terms').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
