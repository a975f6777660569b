import { type Dirent, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { IdRegistry } from './idRegistry';
import { ServiceError, notFound } from './serviceError';

/** One entry of a listing. */
interface BrowseEntry {
  id: string;
  kind: 'folder' | 'file';
  name: string;
}

/** A folder's listing. */
interface BrowseListing {
  folderId: string;
  name: string;
  displayPath: string;
  parentId: string | null;
  entries: BrowseEntry[];
}

/** True when `child` is `parent` or inside it (both absolute, resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Browser mode's view of the filesystem: only the `--root` folders and what is below them, by
 * real path (so a symlink cannot lead out), addressed by opaque ids handed out in listings.
 */
export class BrowseRoots {
  readonly roots: readonly string[];
  private readonly ids: IdRegistry;

  constructor(roots: readonly string[], ids: IdRegistry) {
    this.ids = ids;
    this.roots = roots.map((r) => realpathSync(resolve(r)));
  }

  /** The roots as entries. */
  rootEntries(): BrowseEntry[] {
    return this.roots.map((r) => ({ id: this.ids.folder.idOf(r), kind: 'folder', name: basename(r) || r }));
  }

  /** The root holding `path`, if any. */
  rootOf(path: string): string | undefined {
    return this.roots.find((r) => isInside(r, path));
  }

  /**
   * The real path behind a folder id, checked to still be a folder inside a root. Throws
   * `NOT_FOUND` for ids never handed out and for anything that now resolves outside the roots.
   */
  folderPath(folderId: string): string {
    const path = this.ids.folder.valueOf(folderId);
    if (path === undefined) throw notFound('folder');
    let real: string;
    try {
      real = realpathSync(path);
      if (!statSync(real).isDirectory()) throw notFound('folder');
    } catch (e) {
      if (e instanceof ServiceError) throw e;
      throw notFound('folder');
    }
    if (!this.rootOf(real)) throw new ServiceError('NOT_FOUND', 'that folder is outside the folders this server may browse');
    return real;
  }

  /** The real path behind a file id, checked to be a file inside a root. */
  filePath(fileId: string): string {
    const path = this.ids.file.valueOf(fileId);
    if (path === undefined) throw notFound('file');
    let real: string;
    try {
      real = realpathSync(path);
      if (!statSync(real).isFile()) throw notFound('file');
    } catch (e) {
      if (e instanceof ServiceError) throw e;
      throw notFound('file');
    }
    if (!this.rootOf(real)) throw new ServiceError('NOT_FOUND', 'that file is outside the folders this server may browse');
    return real;
  }

  /** Lists subfolders (and CSV files when asked) of a folder; hidden entries are left out. */
  list(folderId: string, files: 'none' | 'csv'): BrowseListing {
    const path = this.folderPath(folderId);
    let dirents: Dirent[];
    try {
      dirents = readdirSync(path, { withFileTypes: true });
    } catch (e) {
      throw new ServiceError('UNREADABLE', `cannot list ${basename(path)}: ${(e as Error).message}`);
    }
    const entries: BrowseEntry[] = [];
    for (const d of dirents) {
      if (d.name.startsWith('.')) continue;
      const full = join(path, d.name);
      const kind = this.entryKind(full, d, files);
      if (!kind) continue;
      entries.push({ id: kind === 'folder' ? this.ids.folder.idOf(full) : this.ids.file.idOf(full), kind, name: d.name });
    }
    entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
    const root = this.rootOf(path) as string;
    return {
      folderId: this.ids.folder.idOf(path),
      name: basename(path) || path,
      displayPath: path,
      parentId: path === root ? null : this.ids.folder.idOf(dirname(path)),
      entries,
    };
  }

  /** Creates a subfolder (e.g. for output) and returns its entry. */
  createFolder(parentId: string, name: string): BrowseEntry {
    const parent = this.folderPath(parentId);
    if (name.includes('/') || name.includes('\\') || name === '.' || name === '..') {
      throw new ServiceError('INVALID_REQUEST', 'a folder name cannot hold a path separator');
    }
    const full = join(parent, name);
    if (!isInside(parent, full) || full === parent) throw new ServiceError('INVALID_REQUEST', 'not a folder name');
    mkdirSync(full, { recursive: false, mode: 0o700 });
    return { id: this.ids.folder.idOf(realpathSync(full)), kind: 'folder', name };
  }

  /** Folder, file or nothing; symlinks are followed only when they stay inside a root. */
  private entryKind(full: string, d: Dirent, files: 'none' | 'csv'): 'folder' | 'file' | undefined {
    let isDir = d.isDirectory();
    let isFile = d.isFile();
    if (d.isSymbolicLink()) {
      try {
        const real = realpathSync(full);
        if (!this.rootOf(real)) return undefined;
        const st = statSync(real);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        return undefined;
      }
    }
    if (isDir) return 'folder';
    if (isFile && files === 'csv' && /\.csv$/i.test(d.name)) return 'file';
    return undefined;
  }
}
