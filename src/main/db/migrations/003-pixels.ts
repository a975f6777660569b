import type { Migration } from './migration';

/**
 * Pixel cleaning: each indexed file keeps the identifying values of its whole header (every person
 * name, patient and visit IDs, birth and study dates, institutions, addresses), so the OCR of any
 * image can match the values of every file of the same patient; and an image's OCR record keeps
 * the key of the identifier set its boxes were matched with, so a later run with more of the
 * patient's files re-matches the stored text instead of trusting stale verdicts.
 *
 * Rows indexed before this step have no identifiers: their size is cleared, which makes the next
 * scan read them again (scans re-read rows whose size or mtime differ from the file's).
 */
export const migration003Pixels: Migration = {
  version: 3,
  name: 'pixels',
  up(db) {
    db.exec(`
      ALTER TABLE files ADD COLUMN identifiers TEXT CHECK (identifiers IS NULL OR json_valid(identifiers));
      UPDATE files SET size = NULL WHERE kind = 'dicom';
      ALTER TABLE image_ocr ADD COLUMN match_key TEXT;
    `);
  },
};
