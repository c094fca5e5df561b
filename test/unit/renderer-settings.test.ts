// The settings slice against a fake API, and the settings view's logic: parsing typed values, units, formatting.
import { describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import { ApiError } from '../../src/shared/errors';
import {
  SETTING_DEFAULTS,
  SETTING_KEYS,
  type SettingsPatch,
  type SettingsView,
} from '../../src/shared/settings';
import {
  SETTING_META,
  bestByteUnit,
  draftOf,
  formatSetting,
  parseSetting,
  poolInEffect,
} from '../../src/renderer/src/features/settings/setting-meta';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

const view = (over: Partial<SettingsView> = {}): SettingsView => ({
  values: { ...SETTING_DEFAULTS },
  sources: Object.fromEntries(SETTING_KEYS.map((k) => [k, 'default'])) as SettingsView['sources'],
  saved: {},
  restart_required: [],
  ...over,
});

function fakeSettingsClient() {
  let current = view();
  const api = {
    getSettings: vi.fn(async () => current),
    updateSettings: vi.fn(async (patch: SettingsPatch) => {
      // The host's answer for the one setting these tests save: saved, or back to the default after null.
      current = view({
        values: { ...current.values, wait_bound_s: patch.wait_bound_s ?? 60 },
        sources: { ...current.sources, wait_bound_s: patch.wait_bound_s == null ? 'default' : 'saved' },
        saved: patch.wait_bound_s == null ? {} : { wait_bound_s: patch.wait_bound_s },
      });
      return current;
    }),
    on: vi.fn(() => () => undefined),
  };
  return { api, client: api as unknown as StudioClient };
}

describe('settings slice', () => {
  it('loads the settings with their sources', async () => {
    const { api, client } = fakeSettingsClient();
    const store = createStudioStore(client);
    await store.getState().loadSettings();
    expect(api.getSettings).toHaveBeenCalledTimes(1);
    expect(store.getState().settings?.sources.wait_bound_s).toBe('default');
    expect(store.getState().settingsError).toBeNull();
  });

  it('saves a valid value and takes the host answer (source saved), then resets with null', async () => {
    const { api, client } = fakeSettingsClient();
    const store = createStudioStore(client);
    expect(await store.getState().saveSettings({ wait_bound_s: 5 })).toBe(true);
    expect(api.updateSettings).toHaveBeenCalledWith({ wait_bound_s: 5 });
    expect(store.getState().settings?.values.wait_bound_s).toBe(5);
    expect(store.getState().settings?.sources.wait_bound_s).toBe('saved');

    expect(await store.getState().saveSettings({ wait_bound_s: null })).toBe(true);
    expect(store.getState().settings?.sources.wait_bound_s).toBe('default');
    expect(store.getState().settings?.values.wait_bound_s).toBe(60);
  });

  it('refuses an invalid patch without calling the host', async () => {
    const { api, client } = fakeSettingsClient();
    const store = createStudioStore(client);
    expect(await store.getState().saveSettings({ wait_bound_s: 0 })).toBe(false);
    expect(api.updateSettings).not.toHaveBeenCalled();
    expect(store.getState().settingsError).toContain('wait_bound_s must be an integer from 1 to 3600');
  });

  it("shows the host's error message when the host refuses", async () => {
    const { api, client } = fakeSettingsClient();
    api.updateSettings.mockRejectedValueOnce(new ApiError('invalid_input', 'port 80 needs root'));
    const store = createStudioStore(client);
    expect(await store.getState().saveSettings({ port: 80 })).toBe(false);
    expect(store.getState().settingsError).toBe('port 80 needs root');
  });
});

describe('settings view logic', () => {
  it('describes every setting', () => {
    for (const key of SETTING_KEYS) expect(SETTING_META[key].label.length).toBeGreaterThan(0);
  });

  it('parses numbers with the shared schema and reports its message', () => {
    expect(parseSetting('wait_bound_s', '30')).toEqual({ ok: true, value: 30 });
    expect(parseSetting('wait_bound_s', '0')).toEqual({
      ok: false,
      error: 'wait_bound_s must be an integer from 1 to 3600 s',
    });
    expect(parseSetting('wait_bound_s', 'soon')).toEqual({
      ok: false,
      error: 'wait_bound_s must be a number',
    });
    expect(parseSetting('wait_bound_s', '1.5').ok).toBe(false);
  });

  it('turns an empty pool into auto (null) and checks its range', () => {
    expect(parseSetting('pool_mb', '')).toEqual({ ok: true, value: null });
    expect(parseSetting('pool_mb', '2048')).toEqual({ ok: true, value: 2048 });
    expect(parseSetting('pool_mb', '10').ok).toBe(false);
  });

  it('multiplies byte settings by their unit', () => {
    expect(parseSetting('retention_max_bytes', '2', 'GiB')).toEqual({ ok: true, value: 2 * 1024 ** 3 });
    expect(parseSetting('body_keep_bytes', '64', 'KiB')).toEqual({ ok: true, value: 65536 });
    expect(parseSetting('call_log_max_bytes', '1', 'B').ok).toBe(false);
  });

  it('checks docker_host and the stream mode', () => {
    expect(parseSetting('docker_host', ' tcp://10.0.0.2:2375 ')).toEqual({
      ok: true,
      value: 'tcp://10.0.0.2:2375',
    });
    expect(parseSetting('docker_host', 'localhost')).toMatchObject({ ok: false });
    expect(parseSetting('http_stream_mode', 'relay')).toEqual({ ok: true, value: 'relay' });
    expect(parseSetting('http_stream_mode', 'fast').ok).toBe(false);
  });

  it('shows values in friendly units and starts editors in the best unit', () => {
    expect(formatSetting('retention_max_bytes', 1024 ** 3)).toBe('1 GiB');
    expect(formatSetting('body_limit_bytes', 6 * 1024 ** 2)).toBe('6 MiB');
    expect(formatSetting('body_keep_bytes', 1500)).toBe('1,500 B');
    expect(formatSetting('wait_bound_s', 60)).toBe('60 s');
    expect(formatSetting('retention_max_age_days', 1)).toBe('1 day');
    expect(formatSetting('pool_mb', 2048)).toBe('2,048 MB');
    expect(formatSetting('pool_mb', null)).toMatch(/^auto/);
    expect(formatSetting('docker_host', '')).toBe('the docker CLI’s context, else the platform’s socket');
    expect(formatSetting('docker_cert_path', '')).toBe('~/.docker');
    expect(formatSetting('port', 0)).toBe('0 (any free port)');
    expect(formatSetting('port', 8080)).toBe('8080');
    expect(bestByteUnit(65536)).toBe('KiB');
    expect(draftOf('body_limit_bytes', 6 * 1024 ** 2)).toEqual({ text: '6', unit: 'MiB' });
    expect(draftOf('pool_mb', null).text).toBe('');
  });

  it('shows the pool in MB also when it is sized automatically, and how auto sizing came to it', () => {
    const auto = { machine_mb: 24_064, reserve_mb: 2_406, pool_mb: 21_658, from: 'engine' as const };
    expect(poolInEffect(view({ pool: { size_mb: 21_658, auto } }))).toEqual({
      value: 'auto: 21,658 MB',
      detail: '(24,064 MB of the engine’s machine less a 2,406 MB reserve)',
    });
    const overridden = view({
      values: { ...SETTING_DEFAULTS, pool_mb: 4096 },
      pool: { size_mb: 4096, auto },
    });
    expect(poolInEffect(overridden)).toEqual({
      value: '4,096 MB',
      detail: '(auto would give 21,658 MB: 24,064 MB of the engine’s machine less a 2,406 MB reserve)',
    });
    expect(poolInEffect(view())).toBeNull();
  });

  it('says the reserve, not the pool, is clamped to 256 MB–5 GB', () => {
    expect(SETTING_META.pool_mb.help).toMatch(
      /less a reserve of 10 % of it \(the reserve clamped to 256 MB–5 GB\)/,
    );
  });
});
