import type { Plugin } from 'esbuild';

/** Keyword → tag number (`0x00100010`), read from the generated TAG object under `root`. */
export function readTagTable(root: string): Map<string, string>;
/** `source` with each `TAG.Keyword` written as its number, when the file imports the dictionary's TAG. */
export function inlineTags(source: string, table: ReadonlyMap<string, string>, file?: string): string;
/** The esbuild plugin of scripts/build.mjs. */
export function inlineTagsPlugin(root: string): Plugin;
