import { describe, expect, it } from 'vitest';
import { CodedError } from '../../shared/codedError';
import { DatabaseError } from '../db/databaseError';
import { DicomParseError } from '../dicom/dicomErrors';
import { errorEnvelope } from './dispatch';
import { ServiceError } from './serviceError';

describe('errorEnvelope', () => {
  it('answers with the code of any coded error, whatever its area', () => {
    expect(errorEnvelope(new ServiceError('NO_FOLDER', 'open a folder'))).toEqual({ ok: false, error: { code: 'NO_FOLDER', message: 'open a folder' } });
    expect(errorEnvelope(new DatabaseError('RECT_READ_ONLY', 'reject it instead')).error.code).toBe('RECT_READ_ONLY');
    expect(errorEnvelope(new DicomParseError('TRUNCATED', 'ends at 12')).error.code).toBe('TRUNCATED');
  });

  it('answers INTERNAL for anything else, even an error that carries a code of its own', () => {
    const systemError = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(errorEnvelope(systemError)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'ENOENT: no such file' } });
    expect(errorEnvelope('a string')).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'a string' } });
  });
});

describe('CodedError', () => {
  it('is an Error with its code, its subclass name and its cause', () => {
    const cause = new Error('disk full');
    const e = new DatabaseError('DB_OPEN', 'cannot open', { file: '/tmp/x.db', cause });
    expect(e).toBeInstanceOf(CodedError);
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.message, e.file, e.cause]).toEqual(['DatabaseError', 'DB_OPEN', 'cannot open', '/tmp/x.db', cause]);
    expect('cause' in new ServiceError('NOT_FOUND', 'gone')).toBe(false);
  });
});
