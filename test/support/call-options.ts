// One factory for an agent call's options in tests: a small sync call that overrides what the test cares about.
import type { CallOptions } from '../../src/main/core/call-types';
import { newId } from '../../src/shared/ids';

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
