// The triggers slice and the composer's target with a fake API: validated before sending, targets by path, and an
// imported curl command aimed at its own function and trigger.
import { describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import type { App, Fn, Trigger } from '../../src/shared/models';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';
import { selectDraft } from '../../src/renderer/src/store/composer-selectors';
import {
  CUSTOM_TARGET,
  INVOKE_TARGET,
  fnOfPath,
  targetOf,
  targetOptions,
} from '../../src/renderer/src/store/trigger-target';

const app: App = {
  id: 'A1',
  name: 'shop',
  config: {},
  annotations: {},
  created_at: '',
  updated_at: '',
} as App;
const fn = { id: 'F1', name: 'hello', app_id: 'A1', image: 'x:1', format: 'json' } as Fn;
const trigger = (over: Partial<Trigger>): Trigger => ({
  id: 'T1',
  name: 'hi',
  app_id: 'A1',
  fn_id: 'F1',
  type: 'http',
  source: '/hi',
  annotations: {},
  created_at: '',
  updated_at: '',
  ...over,
});

function fake() {
  const api = {
    listTriggers: vi.fn(async () => [trigger({})]),
    createTrigger: vi.fn(async (input: { name: string; source: string }) =>
      trigger({ id: 'T2', name: input.name, source: input.source }),
    ),
    deleteTrigger: vi.fn(async () => {
      throw Object.assign(new Error('trigger T1 not found'), { code: 'not_found' });
    }),
  };
  const store = createStudioStore(api as unknown as StudioClient);
  store.setState({ apps: [app], fns: [fn] });
  return { api, store };
}

describe('triggers slice', () => {
  it('adds a trigger for the selected function with its app id', async () => {
    const { api, store } = fake();
    const created = await store.getState().addTrigger('F1', ' greet ', '/greet');
    expect(api.createTrigger).toHaveBeenCalledWith({
      name: 'greet',
      app_id: 'A1',
      fn_id: 'F1',
      type: 'http',
      source: '/greet',
    });
    expect(created?.id).toBe('T2');
    expect(store.getState().triggers.map((t) => t.name)).toEqual(['greet']);
  });

  it('refuses a path without a leading slash and a bad name, without calling the host', async () => {
    const { api, store } = fake();
    expect(await store.getState().addTrigger('F1', 'ok', 'greet')).toBeNull();
    expect(store.getState().triggerError).toMatch(/source/);
    expect(await store.getState().addTrigger('F1', 'bad name', '/x')).toBeNull();
    expect(store.getState().triggerError).toMatch(/name/);
    expect(api.createTrigger).not.toHaveBeenCalled();
  });

  it("shows the host's error when a delete fails, and keeps the list", async () => {
    const { store } = fake();
    await store.getState().loadTriggers();
    await store.getState().deleteTrigger('T1');
    expect(store.getState().triggerError).toContain('trigger T1 not found');
    expect(store.getState().triggers).toHaveLength(1);
  });
});

describe('composer target', () => {
  const options = targetOptions(
    fn,
    [app],
    [trigger({}), trigger({ id: 'T9', fn_id: 'other', source: '/no' })],
  );

  it("lists the invoke endpoint and only this function's triggers at /t/{app}{source}", () => {
    expect(options.map((o) => o.path)).toEqual(['/invoke/F1', '/t/shop/hi']);
  });

  it('recognises the target of a path, its query aside, and calls anything else custom', () => {
    expect(targetOf('/invoke/F1', options)).toBe(INVOKE_TARGET);
    expect(targetOf('/t/shop/hi?x=1', options)).toBe('T1');
    expect(targetOf('/t/shop/other', options)).toBe(CUSTOM_TARGET);
  });
});

describe('import from curl', () => {
  const other = { id: 'F2', name: 'hello', app_id: 'A2', image: 'x:1', format: 'json' } as Fn;
  const blog = { ...app, id: 'A2', name: 'blog' } as App;
  const triggers = [trigger({}), trigger({ id: 'T3', app_id: 'A2', fn_id: 'F2', source: '/hi' })];
  const draft = (path: string) => ({
    method: 'PUT',
    path,
    headers: [],
    body: 'imported',
    bodyMode: 'text' as const,
    detached: false,
  });
  const ready = () => {
    const { store } = fake();
    store.setState({ apps: [app, blog], fns: [fn, other], triggers, selectedFnId: 'F1' });
    return store;
  };

  it('finds the function of an invoke URL or of a trigger URL (by app name and source)', () => {
    const fns = [fn, other];
    expect(fnOfPath('/invoke/F2?x=1', fns, [app, blog], triggers)).toBe('F2');
    expect(fnOfPath('/t/blog/hi', fns, [app, blog], triggers)).toBe('F2');
    expect(fnOfPath('/t/shop/hi', fns, [app, blog], triggers)).toBe('F1');
    expect(fnOfPath('/invoke/nope', fns, [app, blog], triggers)).toBeNull();
    expect(fnOfPath('/t/blog/none', fns, [app, blog], triggers)).toBeNull();
    expect(fnOfPath('/elsewhere', fns, [app, blog], triggers)).toBeNull();
  });

  it("selects the command's function and makes the command its draft, so the target shows where it sends", () => {
    const store = ready();
    expect(store.getState().importDraft(draft('/invoke/F2'))).toBe(true);
    expect(store.getState().selectedFnId).toBe('F2');
    expect(selectDraft(store.getState())).toMatchObject({
      method: 'PUT',
      path: '/invoke/F2',
      body: 'imported',
    });

    expect(store.getState().importDraft(draft('/t/shop/hi'))).toBe(true);
    const s = store.getState();
    expect(s.selectedFnId).toBe('F1');
    const options = targetOptions(fn, s.apps, s.triggers);
    expect(targetOf(selectDraft(s)!.path, options)).toBe('T1');
  });

  it('keeps the selected function for a URL that names none here', () => {
    const store = ready();
    expect(store.getState().importDraft(draft('/invoke/unknown'))).toBe(false);
    expect(store.getState().selectedFnId).toBe('F1');
    expect(selectDraft(store.getState())?.path).toBe('/invoke/unknown');
  });
});
