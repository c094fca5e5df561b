// What the settings view knows about each setting: its words, its unit, and how typed text becomes a checked value.
import {
  RESTART_SETTINGS,
  SETTING_DEFAULTS,
  settingSchemas,
  type SettingKey,
  type SettingSource,
  type SettingValues,
  type SettingsView,
  type StartupSource,
} from '../../../../shared/settings';

export type SettingKind = 'mb' | 'seconds' | 'days' | 'calls' | 'bytes' | 'port' | 'text' | 'mode';

export interface SettingMeta {
  label: string;
  help: string;
  kind: SettingKind;
  /** When a change takes effect, in words. */
  applies: string;
}

export const SETTING_META: Record<SettingKey, SettingMeta> = {
  pool_mb: {
    label: 'Memory pool',
    help: 'Memory all containers may hold together. Empty: auto, the memory of the engine’s machine less a reserve of 10 % of it (the reserve clamped to 256 MB–5 GB).',
    kind: 'mb',
    applies: 'at once',
  },
  wait_bound_s: {
    label: 'Wait for capacity',
    help: 'How long a call waits for memory before it is refused with 503.',
    kind: 'seconds',
    applies: 'at once',
  },
  retention_max_calls: {
    label: 'Keep at most (calls)',
    help: 'Older calls are deleted past this count.',
    kind: 'calls',
    applies: 'at once',
  },
  retention_max_age_days: {
    label: 'Keep calls for',
    help: 'Calls older than this are deleted.',
    kind: 'days',
    applies: 'at once',
  },
  retention_max_bytes: {
    label: 'Keep at most (storage)',
    help: 'Oldest calls are deleted when the store grows past this size.',
    kind: 'bytes',
    applies: 'at once',
  },
  call_log_max_bytes: {
    label: 'Log per call',
    help: 'A call’s log is cut past this size.',
    kind: 'bytes',
    applies: 'from the next call',
  },
  body_limit_bytes: {
    label: 'Request body limit',
    help: 'Larger request bodies are refused with 413.',
    kind: 'bytes',
    applies: 'from the next request',
  },
  body_keep_bytes: {
    label: 'Body kept in the record',
    help: 'How much of each request and response body the call record keeps.',
    kind: 'bytes',
    applies: 'from the next request',
  },
  port: {
    label: 'HTTP port',
    help: 'The port of the Fn-compatible API and this UI (0: any free port).',
    kind: 'port',
    applies: 'at restart',
  },
  docker_host: {
    label: 'Docker Engine',
    help: 'unix:///var/run/docker.sock, tcp://HOST:2376 (TLS below), ssh://USER@HOST (keys from your ssh agent or ~/.ssh) or npipe:////./pipe/docker_engine. Empty: the docker CLI’s current context, else the platform’s default socket.',
    kind: 'text',
    applies: 'at restart',
  },
  docker_tls_verify: {
    label: 'TLS: verify the engine',
    help: 'For tcp:// engines (DOCKER_TLS_VERIFY): check the engine’s certificate against ca.pem and log in with cert.pem and key.pem from the certificate folder.',
    kind: 'mode',
    applies: 'at restart',
  },
  docker_cert_path: {
    label: 'TLS: certificate folder',
    help: 'The folder with ca.pem, cert.pem and key.pem (DOCKER_CERT_PATH). Empty: ~/.docker. A folder given turns TLS on for tcp:// engines.',
    kind: 'text',
    applies: 'at restart',
  },
  http_stream_mode: {
    label: 'HTTP stream mode',
    help: 'How http-format responses reach the caller: auto, direct from the container, or relayed.',
    kind: 'mode',
    applies: 'at restart',
  },
};

/** The choices of each setting edited by picking one. */
export const MODE_OPTIONS: Partial<Record<SettingKey, readonly string[]>> = {
  http_stream_mode: settingSchemas.http_stream_mode.options,
  docker_tls_verify: settingSchemas.docker_tls_verify.options,
};

/** What an empty text setting means. */
const EMPTY_TEXT: Partial<Record<SettingKey, string>> = {
  docker_host: 'the docker CLI’s context, else the platform’s socket',
  docker_cert_path: '~/.docker',
};

export const SOURCE_LABELS: Record<SettingSource, string> = {
  flag: 'command-line flag',
  environment: 'environment',
  saved: 'saved',
  default: 'default',
};

export const STARTUP_SOURCE_LABELS: Record<StartupSource, string> = {
  ...SOURCE_LABELS,
  fallback: 'next free port (the port setting was busy)',
};

export const BYTE_UNITS = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 } as const;
export type ByteUnit = keyof typeof BYTE_UNITS;

export const needsRestart = (key: SettingKey): boolean => RESTART_SETTINGS.includes(key);

/** The largest unit that shows a byte count as a whole number (1073741824 → 1 GiB). */
export function bestByteUnit(bytes: number): ByteUnit {
  for (const unit of ['GiB', 'MiB', 'KiB'] as const) {
    if (bytes >= BYTE_UNITS[unit] && bytes % BYTE_UNITS[unit] === 0) return unit;
  }
  return 'B';
}

/** A value as people read it: "60 s", "1 GiB", "7 days", "auto". */
export function formatSetting(key: SettingKey, value: SettingValues[SettingKey] | undefined): string {
  if (value === undefined) return '—';
  if (value === null) return 'auto (from the engine’s memory)';
  const kind = SETTING_META[key].kind;
  if (typeof value === 'string') return value === '' ? (EMPTY_TEXT[key] ?? 'platform default') : value;
  switch (kind) {
    case 'mb':
      return `${value.toLocaleString('en')} MB`;
    case 'seconds':
      return `${value} s`;
    case 'days':
      return `${value} ${value === 1 ? 'day' : 'days'}`;
    case 'calls':
      return `${value.toLocaleString('en')} calls`;
    case 'bytes': {
      const unit = bestByteUnit(value);
      return `${(value / BYTE_UNITS[unit]).toLocaleString('en')} ${unit}`;
    }
    default:
      return key === 'port' && value === 0 ? '0 (any free port)' : String(value);
  }
}

const mb = (n: number) => `${n.toLocaleString('en')} MB`;

/**
 * The pool in effect, from the host's read-only figures: "auto: 21,658 MB" with how auto sizing came to it, or an
 * override with what auto would give. Null when the host does not report them.
 */
export function poolInEffect(view: SettingsView): { value: string; detail: string } | null {
  if (!view.pool) return null;
  const { size_mb: size, auto } = view.pool;
  const machine = auto.from === 'engine' ? 'the engine’s machine' : 'this machine (until the engine answers)';
  const how = `${mb(auto.machine_mb)} of ${machine} less a ${mb(auto.reserve_mb)} reserve`;
  return view.values.pool_mb === null
    ? { value: `auto: ${mb(size)}`, detail: `(${how})` }
    : { value: mb(size), detail: `(auto would give ${mb(auto.pool_mb)}: ${how})` };
}

/** What the editor starts with: the text of the value, and a unit for byte settings. */
export function draftOf(key: SettingKey, value: SettingValues[SettingKey]): { text: string; unit: ByteUnit } {
  if (value === null) return { text: '', unit: 'MiB' };
  if (typeof value === 'number' && SETTING_META[key].kind === 'bytes') {
    const unit = bestByteUnit(value);
    return { text: String(value / BYTE_UNITS[unit]), unit };
  }
  return { text: String(value), unit: 'MiB' };
}

export type ParsedSetting = { ok: true; value: SettingValues[SettingKey] } | { ok: false; error: string };

/** Typed text (and unit) to a value the shared schema accepts, or the schema's message. */
export function parseSetting(key: SettingKey, text: string, unit: ByteUnit = 'B'): ParsedSetting {
  const kind = SETTING_META[key].kind;
  let raw: unknown = text;
  if (kind !== 'text' && kind !== 'mode') {
    const trimmed = text.trim();
    if (trimmed === '' && key === 'pool_mb') raw = null;
    else if (trimmed === '' || !/^-?\d+(\.\d+)?$/.test(trimmed)) {
      return { ok: false, error: `${key} must be a number` };
    } else {
      raw = Number(trimmed) * (kind === 'bytes' ? BYTE_UNITS[unit] : 1);
    }
  } else if (kind === 'text') {
    raw = text.trim();
  }
  const result = settingSchemas[key].safeParse(raw);
  if (!result.success) return { ok: false, error: result.error.issues[0]?.message ?? `invalid ${key}` };
  return { ok: true, value: result.data };
}

export const defaultOf = (key: SettingKey): SettingValues[SettingKey] => SETTING_DEFAULTS[key];
