// Start-up settings: flag over environment over default; loopback only; clear errors.
import { describe, expect, it } from 'vitest';
import { parseStartSettings } from '../../src/main/host/host-settings';
import { SettingsService } from '../../src/main/host/settings-service';
import type { SettingsStore } from '../../src/main/host/store/settings-store';
import { paginate } from '../../src/main/host/pagination';

describe('parseStartSettings', () => {
  it('defaults to 127.0.0.1 and the OS app-data folder, and gives no settings of its own', () => {
    const s = parseStartSettings([], { XDG_CONFIG_HOME: '/x' });
    expect(s).toMatchObject({ host: '127.0.0.1', given: { flag: {}, environment: {} } });
    if (process.platform === 'linux') expect(s.dataDir).toBe('/x/fn-studio');
  });
  it('reads settings from flags and from the environment separately', () => {
    const env = {
      FN_STUDIO_PORT: '9000',
      FN_STUDIO_DATA_DIR: '/env',
      DOCKER_HOST: 'tcp://127.0.0.1:2375',
      FN_STUDIO_HTTP_STREAM_MODE: 'relay',
    };
    expect(parseStartSettings([], env)).toMatchObject({
      dataDir: '/env',
      given: {
        flag: {},
        environment: { port: 9000, docker_host: 'tcp://127.0.0.1:2375', http_stream_mode: 'relay' },
      },
    });
    expect(
      parseStartSettings(['--port', '9100', '--data-dir=/flag', '--http-stream-mode', 'direct'], env),
    ).toMatchObject({
      dataDir: '/flag',
      given: { flag: { port: 9100, http_stream_mode: 'direct' }, environment: { port: 9000 } },
    });
    expect(() => parseStartSettings(['--http-stream-mode', 'sideways'], {})).toThrow(/auto, direct or relay/);
  });

  it('says where the data dir and the listen address came from', () => {
    expect(parseStartSettings([], { XDG_CONFIG_HOME: '/x' }).from).toEqual({
      dataDir: 'default',
      host: 'default',
    });
    expect(parseStartSettings([], { FN_STUDIO_DATA_DIR: '/env' }).from.dataDir).toBe('environment');
    expect(
      parseStartSettings(['--data-dir', '/flag', '--host', 'localhost'], { FN_STUDIO_DATA_DIR: '/env' }).from,
    ).toEqual({ dataDir: 'flag', host: 'flag' });
  });

  it('refuses non-loopback hosts, bad ports and unknown flags with a clear message', () => {
    expect(() => parseStartSettings(['--host', '0.0.0.0'], {})).toThrow(/loopback addresses only/);
    expect(() => parseStartSettings(['--port', 'abc'], {})).toThrow(
      /port must be an integer from 0 to 65535/,
    );
    expect(() => parseStartSettings([], { FN_STUDIO_PORT: '70000' })).toThrow(
      /FN_STUDIO_PORT: port must be an integer/,
    );
    expect(() => parseStartSettings(['--verbose'], {})).toThrow(/unknown option --verbose/);
    expect(() => parseStartSettings(['--port'], {})).toThrow(/--port needs a value/);
  });
});

describe('SettingsService view', () => {
  const memoryStore = () => ({ all: () => ({}), save: () => undefined }) as unknown as SettingsStore;

  it('adds the host facts beside the pinned fields, and leaves them out when it has none', () => {
    const facts = {
      data_dir: { value: '/data', source: 'environment' as const },
      listen: { value: '127.0.0.1:8080', source: 'default' as const, host_source: 'default' as const },
    };
    const view = new SettingsService(memoryStore(), { flag: {}, environment: {} }, () => facts).view();
    expect(view).toMatchObject(facts);
    expect(view.values.port).toBe(8080);
    const bare = new SettingsService(memoryStore(), { flag: {}, environment: {} }).view();
    expect(Object.keys(bare).sort()).toEqual(['restart_required', 'saved', 'sources', 'values']);
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 45 }, (_, i) => `n${String(i).padStart(2, '0')}`);
  it('pages with a cursor and omits next_cursor on the last page', () => {
    const first = paginate(items, (x) => x, new URLSearchParams());
    expect(first.items).toHaveLength(30);
    const second = paginate(items, (x) => x, new URLSearchParams({ cursor: first.next_cursor as string }));
    expect(second.items[0]).toBe('n30');
    expect(second).not.toHaveProperty('next_cursor');
    expect(paginate(items, (x) => x, new URLSearchParams({ per_page: '500' })).items).toHaveLength(45);
    expect(() => paginate(items, (x) => x, new URLSearchParams({ per_page: '0' }))).toThrow(/per_page/);
  });
});
