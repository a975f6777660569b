import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../migrate';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-001-'));
  db = new Database(path.join(dir, 'm.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, 1);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const columns = (table: string): string[] =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
const secret = Buffer.alloc(32, 7);
const addProject = (name: string): number =>
  Number(
    db.prepare("INSERT INTO projects (name, secret, options) VALUES (?, ?, '[\"113100\"]')").run(name, secret)
      .lastInsertRowid,
  );

describe('migration 001 (initial)', () => {
  it('takes an empty database to version 1 with every table and column', () => {
    expect(schemaVersion(db)).toBe(1);
    expect(columns('files')).toEqual(
      expect.arrayContaining(['path', 'kind', 'reason', 'study_uid', 'patient_id', 'rows', 'columns', 'overlay_groups', 'has_pixel_data', 'has_preamble']),
    );
    expect(columns('files')).toHaveLength(41);
    expect(columns('projects')).toEqual(['id', 'name', 'prefix', 'width', 'secret', 'options', 'issuer_in_key', 'created_at']);
    expect(columns('subjects')).toEqual(['id', 'project_id', 'mrn_key', 'mrn', 'subject_id', 'created_at']);
    expect(columns('studies')).toEqual(['project_id', 'study_uid', 'subject_id', 'ct_date', 'ct_date_source', 'frozen_at']);
    expect(columns('runs')).toEqual(['id', 'project_id', 'command', 'input', 'output', 'started_at', 'finished_at', 'exit_code', 'summary_json']);
  });

  it('indexes files by path, study and patient', () => {
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan("SELECT * FROM files WHERE path >= '/a/' AND path < '/a0'")).toMatch(/USING INDEX/);
    expect(plan("SELECT * FROM files WHERE study_uid = '1'")).toMatch(/files_study_uid/);
    expect(plan("SELECT * FROM files WHERE patient_id = '1'")).toMatch(/files_patient_id/);
  });

  it('enforces file kind, unique path and JSON overlay groups', () => {
    const insert = db.prepare('INSERT INTO files (path, kind, overlay_groups) VALUES (?, ?, ?)');
    insert.run('/a', 'dicom', '[{"group":24576,"bitPosition":0,"hasData":true}]');
    expect(() => insert.run('/a', 'dicom', null)).toThrow(/UNIQUE/);
    expect(() => insert.run('/b', 'pdf', null)).toThrow(/CHECK/);
    expect(() => insert.run('/c', 'dicom', '{"group":1}')).toThrow(/CHECK/);
  });

  it('fills project defaults and checks prefix, width, secret and options', () => {
    const id = addProject('p');
    expect(db.prepare('SELECT prefix, width, issuer_in_key FROM projects WHERE id = ?').get(id)).toEqual({
      prefix: 'SUBJ',
      width: 5,
      issuer_in_key: 0,
    });
    expect(() => addProject('p')).toThrow(/UNIQUE/);
    const bad = [
      ["'=X'", '5', 'zeroblob(32)', "'[]'"],
      ["'A-B'", '5', 'zeroblob(32)', "'[]'"],
      ["'S'", '13', 'zeroblob(32)', "'[]'"],
      ["'S'", '5', 'zeroblob(16)', "'[]'"],
      ["'S'", '5', "'text secret 32 chars long.......'", "'[]'"],
      ["'S'", '5', 'zeroblob(32)', "'{}'"],
    ];
    bad.forEach(([prefix, width, sec, options], i) => {
      expect(() =>
        db.exec(`INSERT INTO projects (name, prefix, width, secret, options) VALUES ('bad${i}', ${prefix}, ${width}, ${sec}, ${options})`),
      ).toThrow(/CHECK/);
    });
  });

  it('keeps subject keys and ids unique per project, not across projects', () => {
    const a = addProject('a');
    const b = addProject('b');
    const insert = db.prepare('INSERT INTO subjects (project_id, mrn_key, mrn, subject_id) VALUES (?, ?, ?, ?)');
    insert.run(a, 'M1', 'M1', 'SUBJ-00001');
    expect(() => insert.run(a, 'M1', 'M1', 'SUBJ-00002')).toThrow(/UNIQUE/);
    expect(() => insert.run(a, 'M2', 'M2', 'SUBJ-00001')).toThrow(/UNIQUE/);
    expect(() => insert.run(a, '', '', 'SUBJ-00003')).toThrow(/CHECK/);
    expect(() => insert.run(999, 'M1', 'M1', 'SUBJ-00001')).toThrow(/FOREIGN KEY/);
    insert.run(b, 'M1', 'M1', 'SUBJ-00001');
  });

  it('ties studies to an existing subject and never updates them', () => {
    const a = addProject('a');
    db.prepare("INSERT INTO subjects (project_id, mrn_key, mrn, subject_id) VALUES (?, 'M1', 'M1', 'SUBJ-00001')").run(a);
    const insert = db.prepare('INSERT INTO studies (project_id, study_uid, subject_id, ct_date, ct_date_source) VALUES (?, ?, ?, ?, ?)');
    insert.run(a, '1.2.3', 'SUBJ-00001', '20200101', 'StudyDate');
    expect(() => insert.run(a, '1.2.4', 'SUBJ-99999', '20200101', 'StudyDate')).toThrow(/FOREIGN KEY/);
    expect(() => insert.run(a, '1.2.3', 'SUBJ-00001', '20190101', 'StudyDate')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare("UPDATE studies SET ct_date = '19990101'").run()).toThrow(/frozen/);
    expect(db.prepare('SELECT ct_date FROM studies').pluck().get()).toBe('20200101');
  });

  it('deletes a project with its subjects and studies, keeping its runs', () => {
    const a = addProject('a');
    db.prepare("INSERT INTO subjects (project_id, mrn_key, mrn, subject_id) VALUES (?, 'M1', 'M1', 'S-1')").run(a);
    db.prepare("INSERT INTO studies (project_id, study_uid, subject_id, ct_date) VALUES (?, '1.2', 'S-1', '')").run(a);
    db.prepare("INSERT INTO runs (project_id, command, started_at, summary_json) VALUES (?, 'deid', 'now', '{}')").run(a);
    db.prepare('DELETE FROM projects WHERE id = ?').run(a);
    expect(db.prepare('SELECT (SELECT count(*) FROM subjects) + (SELECT count(*) FROM studies)').pluck().get()).toBe(0);
    expect(db.prepare('SELECT project_id FROM runs').pluck().get()).toBeNull();
    expect(() =>
      db.prepare("INSERT INTO runs (command, started_at, summary_json) VALUES ('x', 'now', 'not json')").run(),
    ).toThrow(/CHECK/);
  });
});
