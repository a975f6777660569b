import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import type { TaskPatientValues } from '../../deid/deidentifyFile';
import { compileTerms } from '../../phi/pixelTerms';
import { patientIdentifierValues, patientKeyOf, termListsOf, toIdentifierValues } from './patientMatcher';

/**
 * The patient's identifying values for the header writer's PHI matcher (113105 descriptors, free
 * text outside Table E.1-1): the same values the OCR matches, from every file of the patient in the
 * index, and the project's allowlist (its words and patterns); collected on the main thread once
 * per patient, carried in each task. The key changes whenever the values do, so a worker never
 * matches with stale ones.
 */
export function createHeaderValues(db: AppDatabase, projectId: number): (row: Pick<StoredFileRow, 'patientId' | 'studyUid'>) => TaskPatientValues {
  const allow = compileTerms(termListsOf(db, [projectId]).terms.filter((t) => t.list === 'allow')).allow;
  const cache = new Map<string, TaskPatientValues>();
  return (row) => {
    const k = patientKeyOf(row);
    let v = cache.get(k);
    if (!v) {
      const values = toIdentifierValues(patientIdentifierValues(db, row));
      const key = createHash('sha256').update(JSON.stringify({ values, allow })).digest('hex').slice(0, 32);
      v = { key, values, allow };
      cache.set(k, v);
    }
    return v;
  };
}
