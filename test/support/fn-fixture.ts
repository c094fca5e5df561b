// One factory for a stored function in tests, as the API answers it; a test sets only the fields it cares about.
import type { Fn } from '../../src/shared/models';

export function fnFixture(over: Partial<Fn> = {}): Fn {
  return {
    id: 'f1',
    name: 'f',
    app_id: 'a1',
    image: 'img:1',
    memory: 128,
    timeout: 30,
    idle_timeout: 30,
    format: 'http-stream',
    network: 'bridge',
    config: {},
    annotations: {},
    created_at: '',
    updated_at: '',
    ...over,
  };
}

/** The time the named fixtures are created and updated at. */
export const FIXTURE_NOW = '2026-11-28T10:00:00.000Z';

/** A `default`-format function named `name` in the app `appId`, with id `fn-<name>`, as the UI's tests list them. */
export function namedFn(name: string, appId: string, over: Partial<Fn> = {}): Fn {
  return fnFixture({
    id: `fn-${name}`,
    name,
    app_id: appId,
    image: 'busybox:1',
    format: 'default',
    created_at: FIXTURE_NOW,
    updated_at: FIXTURE_NOW,
    ...over,
  });
}
