// Builds a real Agent on the real engine with its own owner labels, and re-exports the call-options factory.
import { afterEach, expect } from 'vitest';
import { Agent } from '../../src/main/core/agent';
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
  const driver = opts.dockerHost ? new DockerDriver(opts.dockerHost) : new DockerDriver();
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

export { callOptions } from './call-options';

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
