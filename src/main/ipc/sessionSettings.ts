import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../files/atomicFile';

const StateSchema = z.object({
  version: z.literal(1),
  project: z.string().optional(),
  reviewer: z.string().optional(),
  recent: z.array(z.object({ path: z.string(), openedAt: z.string() })).default([]),
});

/** What the app remembers between sessions (beside the database: it names input folders). */
type SessionSettingsData = z.infer<typeof StateSchema>;

const MAX_RECENT = 12;

/**
 * The app's small settings file: current project, reviewer name and recent folders. Written
 * atomically with mode 0600 beside the database; a missing or damaged file starts empty.
 */
export class SessionSettings {
  readonly file: string;
  private data: SessionSettingsData;

  constructor(file: string) {
    this.file = file;
    this.data = load(file);
  }

  get project(): string | undefined {
    return this.data.project;
  }

  get reviewer(): string | undefined {
    return this.data.reviewer;
  }

  /** Recent folders, newest first. */
  get recent(): readonly { path: string; openedAt: string }[] {
    return this.data.recent;
  }

  setProject(name: string): void {
    this.data.project = name;
    this.save();
  }

  setReviewer(name: string): void {
    this.data.reviewer = name;
    this.save();
  }

  /** Moves `path` to the top of the recent list. */
  addRecent(path: string, at: Date = new Date()): void {
    this.data.recent = [{ path, openedAt: at.toISOString() }, ...this.data.recent.filter((r) => r.path !== path)].slice(0, MAX_RECENT);
    this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
  }
}

function load(file: string): SessionSettingsData {
  if (!existsSync(file)) return { version: 1, recent: [] };
  try {
    const parsed = StateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { version: 1, recent: [] };
  } catch {
    return { version: 1, recent: [] };
  }
}
