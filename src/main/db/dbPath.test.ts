import { describe, expect, it } from 'vitest';
import { defaultDbPath } from './dbPath';

describe('defaultDbPath', () => {
  it('prefers DEID_STUDIO_DB on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(defaultDbPath({ DEID_STUDIO_DB: '/data/x.sqlite', APPDATA: 'C:\\A' }, platform, '/home/u')).toBe(
        '/data/x.sqlite',
      );
    }
  });

  it('uses ~/.config/deid-studio on Linux without XDG_CONFIG_HOME', () => {
    expect(defaultDbPath({}, 'linux', '/home/ann')).toBe('/home/ann/.config/deid-studio/deid-studio.sqlite');
    expect(defaultDbPath({ XDG_CONFIG_HOME: '' }, 'linux', '/home/ann')).toBe(
      '/home/ann/.config/deid-studio/deid-studio.sqlite',
    );
  });

  it('uses XDG_CONFIG_HOME on Linux when set', () => {
    expect(defaultDbPath({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ann')).toBe('/cfg/deid-studio/deid-studio.sqlite');
  });

  it('uses %APPDATA%\\deid-studio on Windows', () => {
    expect(defaultDbPath({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\deid-studio\\deid-studio.sqlite',
    );
    expect(defaultDbPath({}, 'win32', 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\deid-studio\\deid-studio.sqlite',
    );
  });

  it('uses ~/Library/Application Support/deid-studio on macOS', () => {
    expect(defaultDbPath({ XDG_CONFIG_HOME: '/cfg' }, 'darwin', '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/deid-studio/deid-studio.sqlite',
    );
  });
});
