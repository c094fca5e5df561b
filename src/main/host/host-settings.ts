// Start-up options from the command line and the environment. Settings they give override saved ones
// (DESIGN.md §2: flag > environment > saved > default); the data dir and listen host are start-up only.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SettingValues } from '../../shared/settings';
import { settingSchemas } from '../../shared/settings';

export interface StartSettings {
  host: string;
  dataDir: string;
  /** Settings given on the command line and in the environment. */
  given: { flag: Partial<SettingValues>; environment: Partial<SettingValues> };
  /** Where the data dir and the listen address came from, for the settings view. */
  from: { dataDir: 'flag' | 'environment' | 'default'; host: 'flag' | 'default' };
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

/** Settings that a flag or an environment variable can give. */
const SOURCES = [
  { key: 'port', flag: '--port', env: 'FN_STUDIO_PORT', number: true },
  { key: 'docker_host', flag: '--docker-host', env: 'DOCKER_HOST', number: false },
  { key: 'docker_tls_verify', flag: '--docker-tls-verify', env: 'DOCKER_TLS_VERIFY', number: false },
  { key: 'docker_cert_path', flag: '--docker-cert-path', env: 'DOCKER_CERT_PATH', number: false },
  { key: 'http_stream_mode', flag: '--http-stream-mode', env: 'FN_STUDIO_HTTP_STREAM_MODE', number: false },
] as const;

const KNOWN = ['--data-dir', '--host', ...SOURCES.map((s) => s.flag)];

/** on or off from a flag's words or DOCKER_TLS_VERIFY's; the environment follows the docker CLI: any other value is on. */
function tlsVerifyValue(text: string, fromEnv: boolean): string {
  const t = text.trim().toLowerCase();
  if (['off', '0', 'false', 'no'].includes(t)) return 'off';
  if (['on', '1', 'true', 'yes'].includes(t) || fromEnv) return 'on';
  return text;
}

function parseValue(key: (typeof SOURCES)[number]['key'], text: string, number: boolean, where: string) {
  const value =
    key === 'docker_tls_verify'
      ? tlsVerifyValue(text, where.startsWith('DOCKER_'))
      : number && /^-?\d+$/.test(text.trim())
        ? Number(text)
        : text;
  const r = settingSchemas[key].safeParse(value);
  if (!r.success) throw new SettingsError(`${where}: ${r.error.issues[0].message}, not "${text}"`);
  return r.data;
}

export function parseStartSettings(argv: string[], env: NodeJS.ProcessEnv = process.env): StartSettings {
  for (const a of argv) {
    if (a.startsWith('--') && !KNOWN.includes(a.split('=')[0])) {
      throw new SettingsError(`unknown option ${a} (known: ${KNOWN.join(', ')})`);
    }
  }
  const hostFlag = flagValue(argv, '--host');
  const host = hostFlag ?? '127.0.0.1';
  if (!LOOPBACK.has(host))
    throw new SettingsError(
      `--host accepts loopback addresses only (127.0.0.1, localhost, ::1), not "${host}"`,
    );
  const dataDirFlag = flagValue(argv, '--data-dir');
  const dataDir = dataDirFlag ?? env.FN_STUDIO_DATA_DIR ?? defaultDataDir(env);
  const from: StartSettings['from'] = {
    dataDir:
      dataDirFlag !== undefined ? 'flag' : env.FN_STUDIO_DATA_DIR !== undefined ? 'environment' : 'default',
    host: hostFlag !== undefined ? 'flag' : 'default',
  };
  const given: StartSettings['given'] = { flag: {}, environment: {} };
  for (const s of SOURCES) {
    const f = flagValue(argv, s.flag);
    if (f !== undefined) Object.assign(given.flag, { [s.key]: parseValue(s.key, f, s.number, s.flag) });
    const e = env[s.env];
    if (e !== undefined && e !== '')
      Object.assign(given.environment, { [s.key]: parseValue(s.key, e, s.number, s.env) });
  }
  return { host: host.replace(/^\[|\]$/g, ''), dataDir, given, from };
}
