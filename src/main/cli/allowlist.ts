/** `deid-studio allowlist add|list|remove|import`: the project's harmless pixel text (termListCommand.ts). */
import type { Command } from './command';
import { termListCommand } from './termListCommand';

/** The `allowlist` command. */
export const allowlistCommand: Command = termListCommand('allow');
