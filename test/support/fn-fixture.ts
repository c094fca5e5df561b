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
