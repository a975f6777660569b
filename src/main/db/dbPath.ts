import os from 'node:os';
import path from 'node:path';

/** The folder name Electron derives from our app name for `app.getPath('userData')`. */
const APP_NAME = 'deid-studio';
const DB_FILE = 'deid-studio.sqlite';

/**
 * Where the database lives: `DEID_STUDIO_DB` when set, else `deid-studio.sqlite` in the folder
 * Electron's `app.getPath('userData')` gives, so the CLI and the app share one database
 * without the CLI loading Electron.
 */
export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env.DEID_STUDIO_DB;
  if (override) return override;
  // Build with the target platform's separators, not the host's, so each branch is testable anywhere.
  switch (platform) {
    case 'win32': {
      const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
      return path.win32.join(appData, APP_NAME, DB_FILE);
    }
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', APP_NAME, DB_FILE);
    default: {
      // Chromium takes any non-empty XDG_CONFIG_HOME as is; matching it keeps CLI and app on one file.
      const config = env.XDG_CONFIG_HOME || path.posix.join(home, '.config');
      return path.posix.join(config, APP_NAME, DB_FILE);
    }
  }
}
