// Builds a real Agent on the real engine with its own owner labels, plus a call-options factory for tests.
import { afterEach, expect } from 'vitest';
import { Agent } from '../../src/main/core/agent';
import type { CallOptions } from '../../src/main/core/call-types';
import { LABEL } from '../../src/main/core/container-labels';
import { DockerDriver } from '../../src/main/core/docker-driver';
import { newId } from '../../src/shared/ids';

export function makeAgent(
  opts: {
    poolMb?: number;
    waitBoundMs?: number;
    initTimeoutMs?: number;
    httpStreamMode?: 'auto' | 'direct' | 'relay';
    /** The engine to run on (a DOCKER_HOST-style address); the environment's engine by default. */
    dockerHost?: string;
  } = {},
) {
  const driver = new DockerDriver(opts.dockerHost ?? process.env.DOCKER_HOST ?? '');
  const instanceId = newId();
  const agent = new Agent({
    driver,
    poolMb: opts.poolMb ?? 2048,
    owner: { instanceId, dataDir: '/tmp/fn-studio-test' },
    waitBoundMs: opts.waitBoundMs,
    initTimeoutMs: opts.initTimeoutMs,
    httpStreamMode: opts.httpStreamMode,
  });
  const ourContainers = () => driver.listByLabel(`${LABEL.instance}=${instanceId}`);
  return { agent, driver, instanceId, ourContainers };
}

export function callOptions(over: Partial<CallOptions> & { image: string }): CallOptions {
  return {
    id: newId(),
    app_id: 'app1',
    app_name: 'demo',
    fn_id: 'fn1',
    fn_name: 'echo',
    memory: 64,
    timeout: 30,
    idle_timeout: 30,
    format: 'default',
    network: 'none',
    config: {},
    type: 'sync',
    method: 'POST',
    url: 'http://127.0.0.1/invoke/fn1',
    headers: {},
    body: Buffer.alloc(0),
    ...over,
  };
}

/** Agents made through the returned function are closed after each test, which must leave none of their containers. */
export function useAgents(defaults: Parameters<typeof makeAgent>[0] = {}) {
  const agents: Array<ReturnType<typeof makeAgent>> = [];
  afterEach(async () => {
    for (const a of agents.splice(0)) {
      await a.agent.close();
      expect(await a.ourContainers()).toEqual([]);
    }
  });
  return (opts: Parameters<typeof makeAgent>[0] = {}) => {
    const a = makeAgent({ ...defaults, ...opts });
    agents.push(a);
    return a;
  };
}
