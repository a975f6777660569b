import { describe, expect, it } from 'vitest';
import { errorLine } from './errorWords';

describe('errorLine', () => {
  it('leads with words for a known code, then the message, and ends with the code', () => {
    expect(errorLine('OUT_INSIDE_INPUT', 'output folder /r/s/out is inside the input folder /r/s')).toBe(
      'That output folder is inside the study folder; pick a folder outside it: output folder /r/s/out is inside the input folder /r/s (OUT_INSIDE_INPUT)',
    );
  });
  it('shows the message first for a code it has no words for', () => {
    expect(errorLine('PROJECT_EXISTS', 'a project named "x" exists')).toBe('a project named "x" exists (PROJECT_EXISTS)');
  });
  it('never shows a bare code as the words', () => {
    expect(errorLine('TRANSPORT', 'TRANSPORT')).toBe('The server did not answer (is `deid-studio serve` still running?) (TRANSPORT)');
    expect(errorLine('WHATEVER', '')).toBe('Something went wrong (WHATEVER)');
  });
});
