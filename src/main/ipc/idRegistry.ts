import { OpaqueIds } from './opaqueIds';

/** Every opaque id registry of one services instance. */
export interface IdRegistry {
  /** Folder paths: opened study folders, browse entries, roots, output folders. */
  folder: OpaqueIds<string>;
  /** File paths offered for picking in browse mode. */
  file: OpaqueIds<string>;
  /** Image (file row) ids. */
  image: OpaqueIds<number>;
  /** `<folder>\0<SeriesInstanceUID>`. */
  series: OpaqueIds<string>;
  /** `<folder>\0<StudyInstanceUID>`. */
  study: OpaqueIds<string>;
  /** `<folder>\0<subject key>`. */
  patient: OpaqueIds<string>;
  /** Recent folder paths. */
  recent: OpaqueIds<string>;
}

/** Fresh registries. */
export function createIdRegistry(): IdRegistry {
  return {
    folder: new OpaqueIds('fld'),
    file: new OpaqueIds('fil'),
    image: new OpaqueIds('img'),
    series: new OpaqueIds('ser'),
    study: new OpaqueIds('stu'),
    patient: new OpaqueIds('pat'),
    recent: new OpaqueIds('rec'),
  };
}

/** The key of a folder-scoped id. */
export function scopedKey(folder: string, key: string): string {
  return `${folder}\0${key}`;
}
