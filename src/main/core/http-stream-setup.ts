// Where an http-stream container's socket lives (a host directory in direct mode, a volume plus a relay otherwise),
// and the wait for the function to announce it, bounded by the init timeout and by the container exiting first.
import { newId } from '../../shared/ids';
import { CallFailure, exitFailure } from './call-failure';
import type { CallOptions } from './call-types';
import type { ContainerSpec } from './driver';
import type { HotContainer } from './hot-container';
import type { HotPoolDeps } from './hot-pool';
import {
  IOFS_MOUNT,
  LISTENER_NAME,
  ListenerError,
  makeIofsDir,
  removeIofsDir,
  waitForListener,
} from './protocols/http-stream';
import { StreamRelay } from './protocols/stream-relay';

export interface StreamSetup {
  mount: Pick<ContainerSpec, 'binds' | 'volumes'>;
  ready: (signal: AbortSignal) => Promise<string>;
  cleanup: () => Promise<void>;
}

/** Where an http-stream container's socket lives: a host directory (direct), or a volume plus a relay. */
export async function streamSetup(
  d: HotPoolDeps,
  call: CallOptions,
  mode: 'direct' | 'relay',
): Promise<StreamSetup> {
  if (mode === 'direct') {
    const dir = await makeIofsDir();
    return {
      mount: { binds: [`${dir}:${IOFS_MOUNT}`] },
      ready: async (signal) => waitForListener(dir, signal),
      cleanup: () => removeIofsDir(dir),
    };
  }
  // A fresh volume per container: two functions sharing one would answer each other's calls.
  const volume = `fnstudio-iofs-${newId().toLowerCase()}`;
  const labels = d.labels(call);
  await d.driver.createVolume(volume, labels);
  let relay: StreamRelay;
  try {
    relay = await StreamRelay.start(d.driver, volume, labels, d.hardening);
  } catch (err) {
    await d.driver.removeVolume(volume).catch(() => undefined);
    throw err;
  }
  return {
    mount: { volumes: [{ name: volume, target: IOFS_MOUNT }] },
    ready: async (signal) => {
      await relay.ready(signal);
      return relay.proxyPath;
    },
    cleanup: async () => {
      await relay.close();
      await d.driver.removeVolume(volume);
    },
  };
}

/** Waits for the listener symlink, bounded by the init timeout and by the container exiting first. */
export async function untilReady(
  c: HotContainer,
  ready: StreamSetup['ready'],
  call: CallOptions,
  d: Pick<HotPoolDeps, 'clock' | 'initTimeoutMs'>,
): Promise<string> {
  const readyCtl = new AbortController();
  // Debug mode has the developer's own: a debugger may hold the start (e.g. node --inspect-brk) until it attaches.
  const initMs =
    call.debug?.init_timeout !== undefined ? call.debug.init_timeout * 1000 : (d.initTimeoutMs ?? 5000);
  const timer = d.clock.setTimeout(() => {
    readyCtl.abort(
      new CallFailure(
        'init_timeout',
        `function did not become ready within ${initMs / 1000} s (no ${LISTENER_NAME} appeared in ${IOFS_MOUNT})`,
      ),
    );
  }, initMs);
  void c.exited.then((exit) => {
    const lines = c.containerLog.allLines().slice(-10).join('\n');
    readyCtl.abort(
      new CallFailure(
        'init_failed',
        `function failed to initialize: ${exitFailure(exit, call.memory).message}${lines ? `; last log lines:\n${lines}` : ''}`,
      ),
    );
  });
  try {
    return await ready(readyCtl.signal);
  } catch (err) {
    if (err instanceof ListenerError)
      throw new CallFailure('init_failed', `function failed to initialize: ${err.message}`);
    throw err;
  } finally {
    timer.cancel();
    readyCtl.abort();
  }
}
