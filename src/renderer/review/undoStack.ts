/**
 * The review screen's undo history: each change the reviewer makes pushes how to reverse it.
 * Reversals are calls to the main process, so undo is itself recorded in the audit trail.
 */

/** How to reverse one change. */
interface UndoEntry {
  /** What is undone, for the notice ("Undid: approve box 12"). */
  label: string;
  /** The image the change was on, so undo can bring it back into view. */
  imageId: string;
  undo: () => Promise<void>;
}

/** A bounded last-in first-out history of {@link UndoEntry}. */
export class UndoStack {
  readonly #entries: UndoEntry[] = [];
  readonly #limit: number;

  constructor(limit = 200) {
    this.#limit = limit;
  }

  /** Records a change; the oldest entry falls off past the limit. */
  push(entry: UndoEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.shift();
  }

  /** Takes the latest change off the history, or undefined when there is none. */
  pop(): UndoEntry | undefined {
    return this.#entries.pop();
  }

  /** How many changes can be undone. */
  get size(): number {
    return this.#entries.length;
  }
}
