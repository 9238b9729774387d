import { homedir } from 'node:os';
import { join } from 'node:path';

const APP_FOLDER = 'AlphaSwarm Onboarding';

/** The OS application-data folder, as Electron's `userData` would place it. */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>, platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'alphaswarm-onboarding');
}
