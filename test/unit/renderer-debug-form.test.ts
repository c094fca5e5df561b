// The debug panel's fields: read from a function, read back into a debug mode with the host's messages, presets.
import { describe, expect, it } from 'vitest';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import {
  DEBUG_PRESETS,
  EMPTY_DEBUG_FORM,
  debugToForm,
  parseDebugForm,
} from '../../src/renderer/src/store/debug-form';

describe('debug form', () => {
  it('leaves blank optional fields out and keeps the environment rows', () => {
    const r = parseDebugForm({
      ...EMPTY_DEBUG_FORM,
      port: '9229',
      timeout: ' 600 ',
      env: [
        { key: 'NODE_OPTIONS', value: '--inspect=0.0.0.0:9229' },
        { key: '', value: '' },
      ],
    });
    expect(r).toEqual({
      ok: true,
      debug: { port: 9229, timeout: 600, env: { NODE_OPTIONS: '--inspect=0.0.0.0:9229' } },
    });
  });

  it("says what is wrong in the host's words", () => {
    expect(parseDebugForm({ ...EMPTY_DEBUG_FORM, port: '' })).toEqual({
      ok: false,
      message: 'port must be an integer from 1 to 65535',
    });
    expect(parseDebugForm({ ...EMPTY_DEBUG_FORM, port: '9229', host_port: '99999' })).toMatchObject({
      ok: false,
      message: 'host_port must be an integer from 1 to 65535',
    });
  });

  it('reads a function back into the fields it was saved from, and off as empty fields', () => {
    const values = DEBUG_PRESETS.node.values;
    const parsed = parseDebugForm(values);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(debugToForm({ annotations: { [FN_ANNOTATIONS.debug]: parsed.debug } })).toEqual(values);
    expect(debugToForm({ annotations: {} })).toEqual(EMPTY_DEBUG_FORM);
    expect(debugToForm({ annotations: { [FN_ANNOTATIONS.debug]: 'bad' } })).toEqual(EMPTY_DEBUG_FORM);
  });
});
