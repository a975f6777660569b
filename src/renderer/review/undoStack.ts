/**
 * The review screen's undo and redo history: each change the reviewer makes pushes how to reverse
 * it and, where it can be made again, how to redo it. Reversals are calls to the main process, so
 * undo and redo are themselves recorded in the audit trail. A new change clears what could be
 * redone.
 */

/** How to reverse one change, and how to make it again. */
interface UndoEntry {
  /** What is undone, for the notice ("Undid: approve box 12"). */
  label: string;
  /** The image the change was on, so undo can bring it back into view. */
  imageId: string;
  undo: () => Promise<void>;
  /** Makes the change again after an undo; absent when it cannot be (a deleted box comes back as a new one). */
  redo?: () => Promise<void>;
}

/** A bounded last-in first-out history of {@link UndoEntry}, with the entries undone for redo. */
export class UndoStack {
  readonly #entries: UndoEntry[] = [];
  readonly #undone: UndoEntry[] = [];
  readonly #limit: number;

  constructor(limit = 200) {
    this.#limit = limit;
  }

  /** Records a new change; the oldest entry falls off past the limit, and nothing is left to redo. */
  push(entry: UndoEntry): void {
    this.#keep(entry);
    this.#undone.length = 0;
  }

  /** Takes the latest change off the history, or undefined when there is none. */
  pop(): UndoEntry | undefined {
    return this.#entries.pop();
  }

  /** Records that `entry` was undone, so redo can make it again. */
  undone(entry: UndoEntry): void {
    this.#undone.push(entry);
  }

  /** Takes the latest undone change, or undefined when there is none. */
  popRedo(): UndoEntry | undefined {
    return this.#undone.pop();
  }

  /** Records that `entry` was redone: it can be undone again, and later undone changes stay redoable. */
  redone(entry: UndoEntry): void {
    this.#keep(entry);
  }

  /** How many changes can be undone. */
  get size(): number {
    return this.#entries.length;
  }

  #keep(entry: UndoEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.shift();
  }
}
