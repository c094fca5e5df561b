// Start-up settings with DESIGN.md §2's precedence: command-line flag > environment > default.
import { homedir } from 'node:os';
import { join } from 'node:path';

export type HttpStreamMode = 'auto' | 'direct' | 'relay';

export interface StartSettings {
  port: number;
  host: string;
  dataDir: string;
  /** How http-stream sockets reach the engine: auto-detected, or forced. */
  httpStreamMode: HttpStreamMode;
}

export class SettingsError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Fn Studio');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Fn Studio');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'fn-studio');
}

function flagValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new SettingsError(`${name} needs a value`);
      return v;
    }
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

const KNOWN = ['--port', '--data-dir', '--host', '--http-stream-mode'];
const STREAM_MODES: readonly string[] = ['auto', 'direct', 'relay'];

export function parseStartSettings(argv: string[], env: NodeJS.ProcessEnv = process.env): StartSettings {
  for (const a of argv) {
    if (a.startsWith('--') && !KNOWN.includes(a.split('=')[0])) {
      throw new SettingsError(`unknown option ${a} (known: ${KNOWN.join(', ')})`);
    }
  }
  const portText = flagValue(argv, '--port') ?? env.FN_STUDIO_PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SettingsError(`port must be 0-65535, not "${portText}"`);
  const host = flagValue(argv, '--host') ?? '127.0.0.1';
  if (!LOOPBACK.has(host))
    throw new SettingsError(
      `--host accepts loopback addresses only (127.0.0.1, localhost, ::1), not "${host}"`,
    );
  const dataDir = flagValue(argv, '--data-dir') ?? env.FN_STUDIO_DATA_DIR ?? defaultDataDir(env);
  const mode = flagValue(argv, '--http-stream-mode') ?? env.FN_STUDIO_HTTP_STREAM_MODE ?? 'auto';
  if (!STREAM_MODES.includes(mode))
    throw new SettingsError(`http-stream mode must be auto, direct or relay, not "${mode}"`);
  return { port, host: host.replace(/^\[|\]$/g, ''), dataDir, httpStreamMode: mode as HttpStreamMode };
}
