/** `deid-studio denylist add|list|remove|import`: pixel text the project always burns (termListCommand.ts). */
import type { Command } from './command';
import { termListCommand } from './termListCommand';

/** The `denylist` command. */
export const denylistCommand: Command = termListCommand('deny');
