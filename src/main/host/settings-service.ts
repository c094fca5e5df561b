// Settings in effect: flag > environment > saved > default. Saves what the user changes and tells the host which
// live settings changed; the rest (port, Docker host, http-stream mode) apply at the next start.
import {
  RESTART_SETTINGS,
  SETTING_DEFAULTS,
  SETTING_KEYS,
  type SettingKey,
  type SettingSource,
  type SettingValues,
  type SettingsView,
  type StartupFact,
  type StartupSource,
  settingSchemas,
  settingsPatchSchema,
} from '../../shared/settings';
import type { StartSettings } from './host-settings';
import { parseOrThrow } from './function-registry';
import type { SettingsStore } from './store/settings-store';

/** Read-only facts of the running host that the settings view shows beside the settings. */
export interface HostFacts {
  data_dir: StartupFact;
  listen: StartupFact & { host_source: StartupSource };
  pool?: SettingsView['pool'];
  engine?: SettingsView['engine'];
  http_stream?: SettingsView['http_stream'];
}

export class SettingsService {
  private saved: Partial<SettingValues>;
  private current: SettingValues;
  private currentSources!: Record<SettingKey, SettingSource>;
  /** What the running host was started with (restart settings do not change under it). */
  readonly atStart: SettingValues;
  private readonly listeners = new Set<(changed: SettingKey[]) => void>();

  constructor(
    private readonly store: SettingsStore,
    private readonly given: StartSettings['given'],
    // A function: the listen port is known only once the server is bound, after this service exists.
    private readonly facts?: () => HostFacts,
  ) {
    this.saved = validSaved(store.all());
    this.current = this.resolve();
    this.atStart = { ...this.current };
  }

  get values(): Readonly<SettingValues> {
    return this.current;
  }

  get sources(): Readonly<Record<SettingKey, SettingSource>> {
    return this.currentSources;
  }

  onChange(l: (changed: SettingKey[]) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  view(): SettingsView {
    return {
      values: { ...this.current },
      sources: { ...this.currentSources },
      saved: { ...this.saved },
      restart_required: RESTART_SETTINGS.filter((k) => this.current[k] !== this.atStart[k]),
      ...this.facts?.(),
    };
  }

  /** Validates and saves a patch (null forgets a saved value), then applies what can apply at once. */
  update(patch: unknown): SettingsView {
    const data = parseOrThrow(settingsPatchSchema, patch) as Record<string, unknown>;
    const entries = Object.entries(data).filter(([, v]) => v !== undefined);
    this.store.save(Object.fromEntries(entries));
    for (const [k, v] of entries) {
      if (v === null) delete this.saved[k as SettingKey];
      else Object.assign(this.saved, { [k]: v });
    }
    const before = this.current;
    this.current = this.resolve();
    const changed = SETTING_KEYS.filter((k) => before[k] !== this.current[k]);
    if (changed.length) for (const l of this.listeners) l(changed);
    return this.view();
  }

  private resolve(): SettingValues {
    const values = { ...SETTING_DEFAULTS } as Record<SettingKey, unknown>;
    const sources = {} as Record<SettingKey, SettingSource>;
    for (const k of SETTING_KEYS) {
      if (k in this.given.flag) [values[k], sources[k]] = [this.given.flag[k], 'flag'];
      else if (k in this.given.environment)
        [values[k], sources[k]] = [this.given.environment[k], 'environment'];
      else if (k in this.saved) [values[k], sources[k]] = [this.saved[k], 'saved'];
      else sources[k] = 'default';
    }
    this.currentSources = sources;
    return values as SettingValues;
  }
}

/** Saved values that no longer validate (e.g. limits changed between versions) are ignored, not fatal. */
function validSaved(raw: Record<string, unknown>): Partial<SettingValues> {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) {
    if (!(k in raw)) continue;
    const r = settingSchemas[k].safeParse(raw[k]);
    if (r.success) out[k] = r.data;
  }
  return out as Partial<SettingValues>;
}
