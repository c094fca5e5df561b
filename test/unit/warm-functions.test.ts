// The host tells the agent each function's warm containers from the registry: on a change only, none for a
// function that has none, stop for a removed one, and again after a failure (e.g. the image could not be had).
import { afterEach, describe, expect, it } from 'vitest';
import type { CallOptions } from '../../src/main/core/call-types';
import { WarmFunctions } from '../../src/main/host/warm-functions';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import { openRegistryFixture, type RegistryFixture } from '../support/registry-fixture';

let f: RegistryFixture;
afterEach(() => f.close());

function setup() {
  f = openRegistryFixture(1000);
  const told: string[] = [];
  let fail = false;
  const agent = {
    keepWarm: async (call: CallOptions, count: number) => {
      told.push(`${call.fn_name}=${count}`);
      if (fail) throw new Error('image missing');
    },
    stopWarm: (fnId: string) => told.push(`stop ${fnId}`),
  };
  const errors: string[] = [];
  const warm = new WarmFunctions(f.registry, agent, (_fn, err) => errors.push((err as Error).message));
  f.registry.onChange(() => warm.sync());
  return { told, errors, warm, setFail: (v: boolean) => (fail = v) };
}

describe('warm functions', () => {
  it('tells the agent on a change only, and stops a removed function', async () => {
    const { told, warm } = setup();
    warm.sync();
    expect(told).toEqual([]);
    const json = f.fns.json;
    f.registry.updateFn(json.id, { annotations: { [FN_ANNOTATIONS.minWarm]: 2 } });
    warm.sync();
    f.registry.updateFn(f.fns.http.id, { timeout: 20 });
    expect(told).toEqual(['json=2']);
    f.registry.updateFn(json.id, { annotations: { [FN_ANNOTATIONS.minWarm]: '' } });
    expect(told).toEqual(['json=2', 'json=0']);
    f.registry.updateFn(json.id, { annotations: { [FN_ANNOTATIONS.minWarm]: 1 } });
    f.registry.deleteFn(json.id);
    expect(told).toEqual(['json=2', 'json=0', 'json=1', `stop ${json.id}`]);
  });

  it('tries again at the next sync after the agent could not keep them', async () => {
    const { told, errors, warm, setFail } = setup();
    setFail(true);
    f.registry.updateFn(f.fns.json.id, { annotations: { [FN_ANNOTATIONS.minWarm]: 1 } });
    await expect.poll(() => errors).toEqual(['image missing']);
    setFail(false);
    warm.retry();
    expect(told).toEqual(['json=1', 'json=1']);
  });
});
