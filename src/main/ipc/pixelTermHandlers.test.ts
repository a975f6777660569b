import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../shared/ipc/channelNames';
import type { ChannelResponse } from '../../shared/ipc/api';
import { listPixelTerms } from '../db/pixelTermsRepo';
import { findProject } from '../db/projectsRepo';
import { dispatch } from './dispatch';
import type { Services } from './createServices';
import { type TinyEnv, tinyEnv } from '../../../test/support/tinyStudy';

let env: TinyEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

async function call<K extends ChannelName>(s: Services, name: K, payload: unknown): Promise<ChannelResponse<K>> {
  const r = await dispatch(s.handlers, name, payload, { validateResponse: true });
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('pixel term channels', () => {
  it("add, list and remove terms of the current project's lists, in the store the CLI uses", async () => {
    env = tinyEnv();
    const s = env.services;
    const added = await call(s, 'pixelTermsAdd', { list: 'allow', term: '  ACME Scanner 3000 ' });
    expect(added).toMatchObject({ added: true, term: { list: 'allow', kind: 'word', term: 'ACME Scanner 3000' } });
    expect((await call(s, 'pixelTermsAdd', { list: 'allow', term: 'ACME Scanner 3000' })).added).toBe(false);
    await call(s, 'pixelTermsAdd', { list: 'deny', term: 'ST MARY' });
    const listed = await call(s, 'pixelTermsList', {});
    expect(listed.project).toBe('default');
    expect(listed.terms.map((t) => `${t.list}:${t.term}`)).toEqual(['allow:ACME Scanner 3000', 'deny:ST MARY']);

    await call(s, 'pixelTermsRemove', { list: 'allow', kind: 'word', term: 'ACME Scanner 3000' });
    expect((await call(s, 'pixelTermsList', {})).terms.map((t) => t.term)).toEqual(['ST MARY']);
    // The store the CLI's allowlist and denylist commands read.
    const project = findProject(env.db, 'default');
    expect(listPixelTerms(env.db, project?.id ?? -1).map((t) => t.term)).toEqual(['ST MARY']);
  });

  it("refuses a term the lists' rules refuse, and removing a term that is not listed, with their codes", async () => {
    env = tinyEnv();
    const tooBroad = await dispatch(env.services.handlers, 'pixelTermsAdd', { list: 'allow', kind: 'regex', term: '.*' });
    expect(tooBroad.ok ? 'ok' : tooBroad.error.code).toBe('TERM_TOO_BROAD');
    const missing = await dispatch(env.services.handlers, 'pixelTermsRemove', { list: 'deny', kind: 'word', term: 'NOPE' });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('NOT_FOUND');
  });
});
