import type { Migration } from './migration';

/**
 * The rect database and the review trail: OCR/manual/rule boxes per file and frame or overlay,
 * every decision on a box (who, when, what), per-image OCR completeness (an image is only
 * "clean" once every frame and overlay was read) and per-image review state, plus the user's
 * extension of the harmless-text allowlist.
 */
export const migration002Review: Migration = {
  version: 2,
  name: 'review',
  up(db) {
    db.exec(`
      CREATE TABLE rects (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
        -- 'frame': a box on Pixel Data; 'overlay': a box on the 1-bit plane of overlay_group.
        plane TEXT NOT NULL CHECK (plane IN ('frame', 'overlay')),
        overlay_group INTEGER CHECK ((plane = 'overlay') = (overlay_group IS NOT NULL)),
        -- 0-based frame; NULL means every frame of the image (static annotation, propagated box).
        frame INTEGER CHECK (frame IS NULL OR frame >= 0),
        x INTEGER NOT NULL CHECK (x >= 0),
        y INTEGER NOT NULL CHECK (y >= 0),
        w INTEGER NOT NULL CHECK (w > 0),
        h INTEGER NOT NULL CHECK (h > 0),
        text TEXT,
        confidence REAL,
        source TEXT NOT NULL CHECK (source IN ('ocr', 'manual', 'rule')),
        -- 'unflagged': OCR text that matched nothing; kept in the pixels unless a reviewer approves it.
        status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected', 'unflagged')),
        reason TEXT,
        decided_by TEXT,
        decided_at TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX rects_file ON rects (file_id, plane, frame);

      -- Append-only audit trail; rect_id has no foreign key so deleted manual boxes keep their history.
      CREATE TABLE rect_decisions (
        id INTEGER PRIMARY KEY,
        rect_id INTEGER NOT NULL,
        file_id INTEGER,
        action TEXT NOT NULL CHECK (action IN ('create', 'propose', 'approve', 'reject', 'move', 'delete', 'reset')),
        from_status TEXT,
        to_status TEXT,
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        detail TEXT CHECK (detail IS NULL OR json_valid(detail))
      );
      CREATE INDEX rect_decisions_rect ON rect_decisions (rect_id);
      CREATE TRIGGER rect_decisions_append_only BEFORE UPDATE ON rect_decisions
        BEGIN SELECT RAISE(ABORT, 'rect_decisions is append-only'); END;

      -- OCR coverage of an image, invalidated when the file changes (size or mtime differ).
      CREATE TABLE image_ocr (
        file_id INTEGER PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        engine TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('done', 'failed', 'undecodable')),
        frames INTEGER NOT NULL DEFAULT 0,
        frames_read INTEGER NOT NULL DEFAULT 0,
        overlays_read TEXT NOT NULL DEFAULT '[]' CHECK (json_type(overlays_read) = 'array'),
        error TEXT,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE image_reviews (
        file_id INTEGER PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
        done INTEGER NOT NULL CHECK (done IN (0, 1)),
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE allowlist (
        id INTEGER PRIMARY KEY,
        pattern TEXT NOT NULL UNIQUE CHECK (length(pattern) BETWEEN 1 AND 200),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
    `);
  },
};
