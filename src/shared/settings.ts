// The user-facing settings (DESIGN.md §2–6): names, defaults, limits and whether a change applies at once.
import { z } from 'zod';
import type { HostStatus } from './models';

const int = (what: string, min: number, max: number, unit: string) => {
  const error = `${what} must be an integer from ${min} to ${max}${unit ? ' ' + unit : ''}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const MiB = 1024 * 1024;

export const settingSchemas = {
  /** The memory pool in MB; null sizes it from the engine's machine. */
  pool_mb: int('pool_mb', 64, 1_048_576, 'MB').nullable(),
  /** The Docker Engine to use; empty for the platform's default socket. */
  docker_host: z
    .string({ error: 'docker_host must be a string' })
    .regex(/^$|^(unix|tcp|npipe|ssh|http|https):\/\/\S+$/, {
      error: 'docker_host must look like unix:///var/run/docker.sock or tcp://HOST:PORT (or be empty)',
    }),
  /** TLS to a tcp:// engine checks the engine's certificate against ca.pem (DOCKER_TLS_VERIFY). */
  docker_tls_verify: z.enum(['off', 'on'], { error: 'docker_tls_verify must be on or off' }),
  /** The folder of ca.pem, cert.pem and key.pem for a TLS engine (DOCKER_CERT_PATH); empty for ~/.docker. */
  docker_cert_path: z.string({ error: 'docker_cert_path must be a string' }).max(4096, {
    error: 'docker_cert_path is too long',
  }),
  port: int('port', 0, 65535, ''),
  wait_bound_s: int('wait_bound_s', 1, 3600, 's'),
  retention_max_calls: int('retention_max_calls', 10, 10_000_000, 'calls'),
  retention_max_age_days: int('retention_max_age_days', 1, 3650, 'days'),
  retention_max_bytes: int('retention_max_bytes', MiB, 1024 * 1024 * MiB, 'bytes'),
  call_log_max_bytes: int('call_log_max_bytes', 1024, 64 * MiB, 'bytes'),
  body_limit_bytes: int('body_limit_bytes', 1024, 1024 * MiB, 'bytes'),
  body_keep_bytes: int('body_keep_bytes', 0, 16 * MiB, 'bytes'),
  http_stream_mode: z.enum(['auto', 'direct', 'relay'], {
    error: 'http_stream_mode must be auto, direct or relay',
  }),
};

export type SettingKey = keyof typeof settingSchemas;
export type SettingValues = { [K in SettingKey]: z.infer<(typeof settingSchemas)[K]> };
export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];

export const SETTING_DEFAULTS: SettingValues = {
  pool_mb: null,
  docker_host: '',
  docker_tls_verify: 'off',
  docker_cert_path: '',
  port: 8080,
  wait_bound_s: 60,
  retention_max_calls: 50_000,
  retention_max_age_days: 7,
  retention_max_bytes: 1024 * MiB,
  call_log_max_bytes: MiB,
  body_limit_bytes: 6 * MiB,
  body_keep_bytes: 64 * 1024,
  http_stream_mode: 'auto',
};

/** Settings that only take effect when the host starts again. */
export const RESTART_SETTINGS: readonly SettingKey[] = [
  'docker_host',
  'docker_tls_verify',
  'docker_cert_path',
  'port',
  'http_stream_mode',
];

export type SettingSource = 'flag' | 'environment' | 'saved' | 'default';

/** Where a start-up fact came from: as a setting's source, or the desktop app's move to the next free port. */
export type StartupSource = SettingSource | 'fallback';

/** A value the running host was started with; no setting changes it while it runs. */
export interface StartupFact {
  value: string;
  source: StartupSource;
}

export interface SettingsView {
  /** What is in effect (or will be at the next start, for restart settings). */
  values: SettingValues;
  sources: Record<SettingKey, SettingSource>;
  /** What the user saved; a flag or the environment may override it. */
  saved: Partial<SettingValues>;
  /** Settings whose effective value differs from what the running host uses: they need a restart. */
  restart_required: SettingKey[];
  /** Read-only: the data dir this host runs with (flag, environment or the OS default). */
  data_dir?: StartupFact;
  /** Read-only: the host:port the HTTP API and UI listen on. `source` is the port's; `host_source` is the
   * address's (the --host flag or the loopback default). */
  listen?: StartupFact & { host_source: StartupSource };
  /** Read-only: the memory pool in effect (MB), and what automatic sizing gives: the memory of the machine the
   * engine runs on (this machine's until the engine answers) less a reserve of 10 % of it, the reserve clamped to
   * 256 MB–5 GB. */
  pool?: { size_mb: number; auto: PoolAutoSize };
  /** Read-only: the engine this host uses (or why it cannot reach it) and how http-stream containers are reached. */
  engine?: HostStatus['docker'];
  http_stream?: HostStatus['http_stream'];
}

export interface PoolAutoSize {
  machine_mb: number;
  reserve_mb: number;
  pool_mb: number;
  from: 'engine' | 'this machine';
}

/** A PUT body: some settings, each a value or null (forget the saved value). */
export const settingsPatchSchema = z.strictObject(
  Object.fromEntries(SETTING_KEYS.map((k) => [k, settingSchemas[k].nullable().optional()])) as {
    [K in SettingKey]: z.ZodOptional<z.ZodNullable<(typeof settingSchemas)[K]>>;
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown setting ${iss.keys.join(', ')} (known: ${SETTING_KEYS.join(', ')})`
        : undefined,
  },
);

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
