import { randomBytes } from 'node:crypto';

/**
 * Hands out random opaque ids for values the renderer must not see or forge (paths, row ids):
 * the same value always gets the same id within a process, and an id never handed out resolves
 * to nothing, so a caller cannot reach a file by guessing.
 */
export class OpaqueIds<T extends string | number> {
  private readonly prefix: string;
  private readonly byId = new Map<string, T>();
  private readonly byValue = new Map<T, string>();

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  /** The id of `value`, created on first use. */
  idOf(value: T): string {
    let id = this.byValue.get(value);
    if (id === undefined) {
      id = `${this.prefix}_${randomBytes(12).toString('base64url')}`;
      this.byValue.set(value, id);
      this.byId.set(id, value);
    }
    return id;
  }

  /** The value behind `id`, or undefined when it was never handed out. */
  valueOf(id: string): T | undefined {
    return this.byId.get(id);
  }

  /** The id already handed out for `value`, without creating one. */
  existingId(value: T): string | undefined {
    return this.byValue.get(value);
  }
}
