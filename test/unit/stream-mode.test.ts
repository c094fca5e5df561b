// http-stream's mode and its reason: the setting, the engine's answer, or a check by bind mount on loopback engines.
import { describe, expect, it, vi } from 'vitest';
import type { ContainerDriver, EngineInfo } from '../../src/main/core/driver';
import { parseEndpoint } from '../../src/main/core/docker-endpoint';
import { engineFacts, engineName } from '../../src/main/core/engine-facts';
import { StreamModeChooser } from '../../src/main/core/stream-mode';

const noTls = { verify: false, certPath: '' };
const info = { ServerVersion: '28.0', OperatingSystem: 'Debian GNU/Linux 12', MemTotal: 1 };
const facts = (address: string, over = {}, platform: NodeJS.Platform = 'linux') =>
  engineFacts(parseEndpoint(address, 'flag', noTls), { ...info, ...over }, {}, platform);

function driver(engine: EngineInfo, sees?: boolean) {
  return {
    ping: vi.fn(async () => engine),
    seesHostDirectories: sees === undefined ? undefined : vi.fn(async () => sees),
  } as unknown as ContainerDriver & { ping: ReturnType<typeof vi.fn> };
}

describe('engine facts', () => {
  it('names the product', () => {
    expect(engineName(info, {})).toBe('Docker Engine');
    expect(engineName({ OperatingSystem: 'Docker Desktop' }, {})).toBe('Docker Desktop');
    expect(engineName(info, { Components: [{ Name: 'Podman Engine' }] })).toBe('Podman');
  });

  it('knows which engines share this machine’s folders, and says why', () => {
    expect(facts('unix:///var/run/docker.sock')).toMatchObject({
      sharesFilesystem: true,
      filesystemKnown: true,
    });
    expect(facts('unix:///x.sock', { OperatingSystem: 'Docker Desktop' })).toMatchObject({
      sharesFilesystem: false,
      filesystemReason: expect.stringMatching(/Docker Desktop’s VM/),
    });
    expect(facts('npipe:////./pipe/docker_engine', {}, 'win32')).toMatchObject({ sharesFilesystem: false });
    expect(facts('ssh://me@build.lan')).toMatchObject({
      local: false,
      sharesFilesystem: false,
      filesystemReason: expect.stringMatching(/another machine \(build\.lan/),
    });
    expect(facts('tcp://127.0.0.1:2376')).toMatchObject({ local: true, filesystemKnown: false });
  });
});

describe('StreamModeChooser', () => {
  it('a set mode wins, and says so', async () => {
    const c = new StreamModeChooser(driver(facts('unix:///x.sock')), 'relay');
    expect(c.current()).toEqual({ mode: 'relay', reason: 'set by the http_stream_mode setting' });
    expect(await c.choose('img')).toBe('relay');
  });

  it('auto follows the engine’s answer when it is certain', async () => {
    const c = new StreamModeChooser(driver(facts('ssh://me@build.lan')));
    expect(c.current().mode).toBe('undecided');
    c.engineAnswered(facts('ssh://me@build.lan'));
    expect(c.current()).toMatchObject({
      mode: 'relay',
      reason: expect.stringMatching(/^auto: .*another machine/),
    });
  });

  it('auto checks a loopback engine with a bind mount, once', async () => {
    const d = driver(facts('tcp://127.0.0.1:2376'), false);
    const c = new StreamModeChooser(d);
    c.engineAnswered(facts('tcp://127.0.0.1:2376'));
    expect(c.current()).toMatchObject({ mode: 'undecided', reason: expect.stringMatching(/loopback/) });
    expect(await Promise.all([c.choose('img'), c.choose('img')])).toEqual(['relay', 'relay']);
    expect(await c.choose('img')).toBe('relay');
    expect(d.seesHostDirectories).toHaveBeenCalledTimes(1);
    expect(c.current().reason).toMatch(/did not find a folder made on this machine/);
  });

  it('decides nothing while the engine is away', async () => {
    const d = driver(facts('unix:///x.sock'));
    d.ping.mockRejectedValueOnce(new Error('down'));
    const c = new StreamModeChooser(d);
    expect(await c.choose('img')).toBe('direct');
    expect(c.current().mode).toBe('undecided');
    expect(await c.choose('img')).toBe('direct');
    expect(c.current().mode).toBe('direct');
  });
});

describe('StreamModeChooser when the check itself fails', () => {
  it('relays that launch and checks again at the next', async () => {
    const d = driver(facts('tcp://127.0.0.1:2376'), true);
    (d.seesHostDirectories as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new Error('refused'));
    const c = new StreamModeChooser(d);
    expect(await c.choose('img')).toBe('relay');
    expect(c.current()).toMatchObject({
      mode: 'undecided',
      reason: expect.stringMatching(/check by bind mount failed/),
    });
    expect(await c.choose('img')).toBe('direct');
    expect(c.current().mode).toBe('direct');
  });
});
