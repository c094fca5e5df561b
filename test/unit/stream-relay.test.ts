// The host side of the http-stream relay: its one-time states (UP, READY, FAIL, EXIT) count even when the relay
// reaches them before anyone waits for them.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ContainerDriver, RunningContainer } from '../../src/main/core/driver';
import { StreamRelay } from '../../src/main/core/protocols/stream-relay';

function relayContainer(says: string) {
  const stdout = new PassThrough();
  // The relay speaks at once, before the host has set up its local socket and started to wait.
  stdout.write(says);
  let removed = false;
  const running: RunningContainer = {
    id: 'relay',
    stdin: new PassThrough(),
    stdout,
    stderr: new PassThrough(),
    wait: () => new Promise(() => undefined),
    kill: async () => undefined,
    remove: async () => void (removed = true),
    reachedMemoryLimit: async () => false,
  };
  const driver = {
    ensureRelayImage: async () => 'relay-image',
    start: async () => running,
  } as unknown as ContainerDriver;
  return { driver, removed: () => removed };
}

const start = (driver: ContainerDriver) => StreamRelay.start(driver, 'vol', {}, {} as never);

describe('StreamRelay', () => {
  it('starts when the relay said UP before the host waited for it', async () => {
    const { driver } = relayContainer('UP\n');
    const relay = await start(driver);
    await relay.close();
  });

  it('sees a READY that came before the wait for it, and a FAIL with its reason', async () => {
    const ready = await start(relayContainer('UP\nREADY\n').driver);
    await ready.ready(new AbortController().signal);
    await ready.close();
    const failing = await start(
      relayContainer('UP\nFAIL lsnr.sock points outside its directory (/x)\n').driver,
    );
    await expect(failing.ready(new AbortController().signal)).rejects.toThrow('lsnr.sock points outside');
    await failing.close();
  });
});
