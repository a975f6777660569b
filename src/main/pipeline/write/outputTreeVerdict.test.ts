import { describe, expect, it } from 'vitest';
import { outputTreeVerdict, strayLabel, type OutputTreeCheck } from './outputTreeVerdict';

const check = (counts: Partial<OutputTreeCheck['pixels']['counts']>, stray: OutputTreeCheck['stray'], interrupted = false): OutputTreeCheck => ({
  pixels: { files: [], counts: { files: 3, images: 2, clean: 2, found: 0, failed: 0, unconfirmed: 0, ...counts }, interrupted },
  stray,
});

describe('the verdict on a verified tree (the CLI exit code and the app verify job alike)', () => {
  it('is confirmed only with every image clean and every file as the database wrote it', () => {
    expect(outputTreeVerdict(check({}, []))).toBe('confirmed');
    expect(outputTreeVerdict(check({}, undefined))).toBe('confirmed');
    expect(outputTreeVerdict(check({}, [{ path: '/o/x', kind: 'unknown' }]))).toBe('not-confirmed');
    expect(outputTreeVerdict(check({}, [{ path: '/o/x', kind: 'changed' }]))).toBe('not-confirmed');
    expect(outputTreeVerdict(check({ found: 1, clean: 1 }, []))).toBe('not-confirmed');
  });

  it('puts text left and stray files before unreadable images, and an interruption before all', () => {
    expect(outputTreeVerdict(check({ failed: 1, clean: 1 }, []))).toBe('unreadable');
    expect(outputTreeVerdict(check({ failed: 1, clean: 1 }, [{ path: '/o/x', kind: 'unknown' }]))).toBe('not-confirmed');
    expect(outputTreeVerdict(check({ found: 1 }, [{ path: '/o/x', kind: 'unknown' }], true))).toBe('interrupted');
  });

  it('labels stray files as the CLI prints them', () => {
    expect(strayLabel('unknown')).toBe('NOT WRITTEN BY DEID-STUDIO');
    expect(strayLabel('changed')).toBe('CHANGED SINCE WRITTEN');
  });
});
