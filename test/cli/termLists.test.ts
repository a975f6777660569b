import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli';

let work: string;
const db = (): string => join(work, 'deid.sqlite');
const cli = (...args: string[]) => runCli([...args, '--db', db()]);
const listed = (name: string, project = 'default'): string[] => {
  const r = cli(name, 'list', '--project', project);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-lists-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('allowlist and denylist', () => {
  it('adds words and patterns to a project, lists them and counts repeats once', () => {
    const add = cli('allowlist', 'add', 'Liver Protocol', 'LOGIQ');
    expect(add.status, add.stderr).toBe(0);
    expect(add.stderr).toMatch(/added 2 of 2 to the allowlist of project default/);
    expect(cli('allowlist', 'add', '--regex', '(?i)rex ?\\d{1,3}').status).toBe(0);
    expect(cli('allowlist', 'add', 'LOGIQ').stderr).toMatch(/added 0 of 1/);
    expect(listed('allowlist')).toEqual(['regex\t(?i)rex ?\\d{1,3}', 'word\tLOGIQ', 'word\tLiver Protocol']);
    expect(listed('denylist')).toEqual([]);
  });

  it('keeps the lists of each project and each list apart', () => {
    expect(cli('denylist', 'add', 'Westway', '--project', 'trial').status).toBe(0);
    expect(listed('denylist', 'trial')).toEqual(['word\tWestway']);
    expect(listed('allowlist', 'trial')).toEqual([]);
    expect(listed('denylist')).toEqual([]);
    expect(listed('allowlist', 'no-such-project')).toEqual([]);
  });

  it('refuses invalid and over-broad terms, naming them (exit 1), and stores none of the batch', () => {
    const bad = cli('allowlist', 'add', '--regex', 'ok\\d', '([a-z');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/"\(\[a-z": invalid pattern/);
    const broad = cli('allowlist', 'add', '--regex', '.+');
    expect(broad.status).toBe(1);
    expect(broad.stderr).toMatch(/would explain any text/);
    expect(cli('denylist', 'add', '  ').stderr).toMatch(/the term is empty/);
    expect(listed('allowlist')).not.toContain('regex\tok\\d');
  });

  it('removes listed terms, and refuses to remove what is not listed (exit 1, nothing removed)', () => {
    const missing = cli('allowlist', 'remove', 'LOGIQ', 'ACUSON');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/not on the allowlist of project default: "ACUSON"; nothing removed/);
    expect(listed('allowlist')).toContain('word\tLOGIQ');
    expect(cli('allowlist', 'remove', 'LOGIQ', '(?i)rex ?\\d{1,3}').status).toBe(0);
    expect(listed('allowlist')).toEqual(['word\tLiver Protocol']);
    expect(cli('denylist', 'remove', 'Westway', '--project', 'nobody').status).toBe(1);
  });

  it("imports dicompixelanon's list format, and refuses a file with a bad line by its number", () => {
    const file = join(work, 'ocr_allowlist_regex.txt');
    writeFileSync(file, '(?i)ZOOM\n(?i)Liver Protocol\n[kK][vV][pP]?( |:)?[Oo0-9]{2,3} mAs\n\n(?i)[123](of| of |of | of|/)[123]\n');
    const r = cli('allowlist', 'import', file);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/imported 2 words and 2 patterns into the allowlist of project default \(1 already listed\)/);
    expect(listed('allowlist')).toHaveLength(4);
    const bad = join(work, 'bad.txt');
    writeFileSync(bad, '(?i)ACUSON\n(?i)ok\n(?P<unclosed\n');
    const refused = cli('denylist', 'import', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${bad} line 3: invalid pattern`);
    expect(listed('denylist')).toEqual([]);
    const absent = cli('denylist', 'import', join(work, 'absent.txt'));
    expect(absent.status).toBe(1);
    expect(absent.stderr).toMatch(/cannot read/);
  });

  it('answers usage mistakes with exit 1 and the --help hint, and --help with the usage', () => {
    for (const args of [['allowlist'], ['allowlist', 'clear'], ['denylist', 'add'], ['denylist', 'list', 'extra'], ['allowlist', 'list', '--regex'],
      ['allowlist', 'import'], ['allowlist', 'import', 'a', 'b'], ['denylist', 'remove'], ['allowlist', 'list', '--colour']]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/Run deid-studio (allowlist|denylist) --help for usage/);
    }
    const help = runCli(['denylist', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^deid-studio denylist add TERM\.\.\. \[--regex\]/);
    expect(help.stdout).toMatch(/burns a line wherever it is found/);
    expect(runCli(['--help']).stdout).toMatch(/deid-studio allowlist add[\s\S]*deid-studio denylist add/);
  });
});
