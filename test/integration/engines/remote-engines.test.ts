// The serve-level core subset against every engine form CI can start here: the main engine (its unix socket), a second dockerd
// over tcp with TLS on loopback, and an ssh:// engine (this machine's sshd, reaching that dockerd). Each in its own
// `npm run serve`, with only the environment telling it which engine to use.
import Docker from 'dockerode';
import { afterAll, beforeAll } from 'vitest';
import { type ExtraEngines, startExtraEngines } from '../../support/extra-engines';
import { SERVE_SUBSET_IMAGES, defineServeSubset, type ServedEngine } from './serve-subset';

let extra: ExtraEngines | undefined;
beforeAll(async () => {
  extra = await startExtraEngines(SERVE_SUBSET_IMAGES);
}, 300_000);
afterAll(async () => {
  await extra?.destroy();
});

/** An engine this file starts in beforeAll, described before it exists: its fields are read when the tests run. */
function started(name: string, pick: (e: ExtraEngines) => ServedEngine, more: Partial<ServedEngine>) {
  const get = () => {
    if (!extra) throw new Error(`${name} did not start`);
    return pick(extra);
  };
  return {
    name,
    get dockerHost() {
      return get().dockerHost;
    },
    get env() {
      return get().env;
    },
    get docker() {
      return get().docker;
    },
    ...more,
  } satisfies ServedEngine;
}

defineServeSubset({
  name: 'the main engine',
  dockerHost: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock',
  env: {},
  docker: new Docker(),
  streamMode: { mode: 'direct', reason: /this machine \(unix socket\)/ },
});

// On loopback and the same filesystem: direct mode is right, and the host finds it out by a bind mount.
defineServeSubset(
  started('a TLS dockerd (tcp on loopback)', (e) => e.tls, {
    connection: 'tls',
    streamMode: { mode: 'direct', reason: /checked with a bind mount/ },
  }),
);

// Relay forced: the relay's attached stdio must work through the SSH tunnel like any other API connection.
defineServeSubset(
  started('an ssh engine', (e) => e.ssh, {
    connection: 'ssh',
    streamMode: { mode: 'relay', reason: /http_stream_mode setting/ },
  }),
);
