// The functions sidebar's logic with a fake API: form parsing, config patches, edit/delete of apps and functions,
// and image check, pull and build outcomes.
import { describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import { ApiError } from '../../src/shared/errors';
import type { App, Fn } from '../../src/shared/models';
import { appUpdatePatch, parseAppForm } from '../../src/renderer/src/store/catalog-app-form';
import { groupByApp } from '../../src/renderer/src/store/catalog-groups';
import {
  annotationsPatch,
  annotationText,
  annotationValue,
  parseAnnotationRows,
} from '../../src/renderer/src/store/annotation-rows';
import { configPatch, parseConfigRows } from '../../src/renderer/src/store/catalog-config-rows';
import { DEFAULT_FN_FORM, fnToForm, fnUpdatePatch, parseFnForm } from '../../src/renderer/src/store/fn-form';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';
import { FIXTURE_NOW, namedFn as fn } from '../support/fn-fixture';

const NOW = FIXTURE_NOW;
const app = (name: string, config: Record<string, string> = {}): App => ({
  id: `app-${name}`,
  name,
  config,
  annotations: {},
  created_at: NOW,
  updated_at: NOW,
});

function fakeClient(apps: App[], fns: Fn[]) {
  const api = {
    listApps: vi.fn(async () => apps),
    listFns: vi.fn(async () => fns),
    createApp: vi.fn(async (p: { name: string; config?: Record<string, string> }) => app(p.name, p.config)),
    updateApp: vi.fn(async (p: { app_id: string; patch: { name?: string } }) => ({
      ...apps.find((a) => a.id === p.app_id)!,
      ...p.patch,
    })),
    deleteApp: vi.fn(async () => null),
    createFn: vi.fn(async (p: { name: string; app_id: string }) => fn(p.name, p.app_id)),
    deleteFn: vi.fn(async () => null),
    updateFn: vi.fn(async (p: { fn_id: string; patch: Partial<Fn> }) => ({
      ...fns.find((f) => f.id === p.fn_id)!,
      ...p.patch,
    })),
    imageStatus: vi.fn(async (p: { image: string }) => ({ image: p.image, present: false })),
    pullImage: vi.fn(async () => null),
    buildImage: vi.fn(async () => null),
    on: vi.fn(() => () => undefined),
  };
  return { api, client: api as unknown as StudioClient };
}

describe('config rows', () => {
  it('skips blank rows and refuses bad or repeated keys', () => {
    expect(
      parseConfigRows([
        { key: 'A', value: '1' },
        { key: '', value: '' },
      ]),
    ).toEqual({
      ok: true,
      config: { A: '1' },
    });
    const bad = parseConfigRows([
      { key: '1X', value: 'a' },
      { key: 'B', value: 'b' },
      { key: 'B', value: 'c' },
    ]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.map((i) => i.message)).toEqual([
      'config key "1X" must be a valid environment variable name',
      'config key "B" is given twice',
    ]);
  });

  it('sends "" for a removed key and only changed values', () => {
    expect(configPatch({ A: '1', B: '2', C: '3' }, { A: '1', B: 'two', D: '4' })).toEqual({
      B: 'two',
      C: '',
      D: '4',
    });
  });
});

describe('annotation rows', () => {
  it('sends text that parses as JSON as that value, anything else as a string', () => {
    expect(annotationValue('42')).toBe(42);
    expect(annotationValue('{"a": [1, true]}')).toEqual({ a: [1, true] });
    expect(annotationValue('null')).toBeNull();
    expect(annotationValue('"quoted"')).toBe('quoted');
    expect(annotationValue('team blue')).toBe('team blue');
    expect(annotationValue('{not json')).toBe('{not json');
  });

  it('shows stored values so that saving them unchanged keeps their type', () => {
    for (const stored of ['plain text', '42', 'true', 42, false, null, { a: 1 }, ['x'], 'say "hi"']) {
      expect(annotationValue(annotationText(stored))).toEqual(stored);
    }
    expect(annotationText('plain text')).toBe('plain text');
    expect(annotationText('42')).toBe('"42"');
    expect(annotationText({ a: [1] })).toBe('{"a":[1]}');
  });

  it('skips blank rows and refuses empty, repeated or unsafe keys and empty values', () => {
    expect(
      parseAnnotationRows([
        { key: ' example.com/a ', value: '1' },
        { key: '', value: '' },
      ]),
    ).toEqual({ ok: true, annotations: { 'example.com/a': 1 } });
    const bad = parseAnnotationRows([
      { key: '', value: 'x' },
      { key: 'k', value: 'a' },
      { key: 'k', value: 'b' },
      { key: '__proto__', value: '{}' },
      { key: 'empty', value: '' },
      { key: 'empty2', value: '""' },
    ]);
    expect(!bad.ok && bad.issues.map((i) => i.message)).toEqual([
      'an annotation needs a key',
      'annotation "k" is given twice',
      '"__proto__" cannot be used as an annotation key',
      'annotation "empty" needs a value (an empty value deletes it)',
      'annotation "empty2" needs a value (an empty value deletes it)',
    ]);
    expect(!bad.ok && new Set(bad.issues.map((i) => i.field))).toEqual(new Set(['annotations']));
  });

  it('patches with "" for removed keys and only values that changed, compared as JSON', () => {
    expect(
      annotationsPatch(
        { keep: { a: 1 }, gone: 'x', changed: 1 },
        { keep: { a: 1 }, changed: '1', added: [true] },
      ),
    ).toEqual({ gone: '', changed: '1', added: [true] });
  });
});

describe('function form', () => {
  it('starts on format http-stream, the API default', () => {
    expect(DEFAULT_FN_FORM.format).toBe('http-stream');
    const parsed = parseFnForm({ ...DEFAULT_FN_FORM, name: 'x', image: 'busybox:1' });
    expect(parsed.ok && parsed.fn.format).toBe('http-stream');
  });

  it('parses every field and leaves empty optional boxes to the host', () => {
    const parsed = parseFnForm({
      ...DEFAULT_FN_FORM,
      name: 'cart',
      image: 'busybox:1',
      format: 'json',
      memory: '64',
      timeout: '20',
      idle_timeout: '45',
      network: 'none',
      config: [{ key: 'GREETING', value: 'hi' }],
    });
    expect(parsed).toEqual({
      ok: true,
      appName: 'demo',
      fn: {
        name: 'cart',
        image: 'busybox:1',
        format: 'json',
        memory: 64,
        timeout: 20,
        idle_timeout: 45,
        network: 'none',
        config: { GREETING: 'hi' },
      },
    });
    const minimal = parseFnForm({ ...DEFAULT_FN_FORM, name: 'x', image: 'busybox:1' });
    expect(minimal.ok && minimal.fn).not.toHaveProperty('idle_timeout');
    expect(minimal.ok && minimal.fn).not.toHaveProperty('network');
    expect(minimal.ok && minimal.fn).not.toHaveProperty('config');
  });

  it('sends annotation rows on create and leaves them out when there are none', () => {
    const parsed = parseFnForm({
      ...DEFAULT_FN_FORM,
      name: 'x',
      image: 'busybox:1',
      annotations: [
        { key: 'example.com/owner', value: 'team blue' },
        { key: 'example.com/retries', value: '3' },
      ],
    });
    expect(parsed.ok && parsed.fn.annotations).toEqual({
      'example.com/owner': 'team blue',
      'example.com/retries': 3,
    });
    const none = parseFnForm({ ...DEFAULT_FN_FORM, name: 'x', image: 'busybox:1', annotations: [] });
    expect(none.ok && none.fn).not.toHaveProperty('annotations');
  });

  it('reports out-of-range limits and bad config keys by field', () => {
    const parsed = parseFnForm({
      ...DEFAULT_FN_FORM,
      name: 'x',
      image: 'busybox:1',
      memory: '9000',
      timeout: '0',
      idle_timeout: '4000',
      config: [{ key: 'bad key', value: '' }],
    });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((i) => i.field)).toEqual([
      'memory',
      'timeout',
      'idle_timeout',
      'config',
    ]);
  });

  it('round-trips a stored function and patches its config with "" for removed rows', () => {
    const before = fn('cart', 'app-shop', { config: { A: '1', B: '2' } });
    const values = fnToForm(before, 'shop');
    expect(values.config).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: '2' },
    ]);
    const parsed = parseFnForm({ ...values, memory: '96', config: values.config!.slice(0, 1) });
    expect(parsed.ok).toBe(true);
    const patch = parsed.ok ? fnUpdatePatch(before, parsed.fn) : null;
    expect(patch).toMatchObject({ memory: 96, config: { B: '' } });
    expect(patch).not.toHaveProperty('annotations');
  });

  it('round-trips stored annotations and patches them with "" for removed rows', () => {
    const before = fn('cart', 'app-shop', {
      annotations: { owner: 'blue', limits: { burst: 3 }, code: '42' },
    });
    const values = fnToForm(before, 'shop');
    expect(values.annotations).toEqual([
      { key: 'owner', value: 'blue' },
      { key: 'limits', value: '{"burst":3}' },
      { key: 'code', value: '"42"' },
    ]);
    const unchanged = parseFnForm(values);
    expect(unchanged.ok && fnUpdatePatch(before, unchanged.fn)).not.toHaveProperty('annotations');
    const parsed = parseFnForm({
      ...values,
      annotations: [
        { key: 'limits', value: '{"burst": 5}' },
        { key: 'code', value: '"42"' },
      ],
    });
    expect(parsed.ok && fnUpdatePatch(before, parsed.fn).annotations).toEqual({
      owner: '',
      limits: { burst: 5 },
    });
  });
});

describe('app form', () => {
  it('validates the name and builds a patch of what changed', () => {
    expect(parseAppForm({ name: 'bad name', config: [] }).ok).toBe(false);
    const before = app('shop', { REGION: 'eu', TIER: 'x' });
    const parsed = parseAppForm({ name: 'shop2', config: [{ key: 'REGION', value: 'eu' }] });
    expect(parsed.ok && appUpdatePatch(before, parsed.app)).toEqual({ name: 'shop2', config: { TIER: '' } });
  });
});

describe('catalog slice: the function form on demand', () => {
  it('starts closed; opens to register or edit; closes on Cancel, after registering and after saving', async () => {
    const cart = fn('cart', 'app-shop');
    const { client } = fakeClient([app('shop')], [cart]);
    const store = createStudioStore(client);
    await store.getState().loadCatalog();
    expect(store.getState().fnFormOpen).toBe(false);

    store.getState().openNewFnForm();
    expect(store.getState()).toMatchObject({ fnFormOpen: true, editingFnId: null });
    store.getState().startEditFn(null); // Cancel
    expect(store.getState().fnFormOpen).toBe(false);

    store.getState().openNewFnForm();
    expect(
      await store.getState().saveFn({ ...DEFAULT_FN_FORM, app: 'shop', name: 'new', image: 'busybox:1' }),
    ).toBe(true);
    expect(store.getState().fnFormOpen).toBe(false);

    store.getState().startEditFn('fn-cart');
    expect(store.getState()).toMatchObject({ fnFormOpen: true, editingFnId: 'fn-cart' });
    expect(await store.getState().saveFn(fnToForm(cart, 'shop'))).toBe(true);
    expect(store.getState()).toMatchObject({ fnFormOpen: false, editingFnId: null });
  });

  it('stays open with the reason when registering fails, and closes when the edited function is deleted', async () => {
    const cart = fn('cart', 'app-shop');
    const { client } = fakeClient([app('shop')], [cart]);
    const store = createStudioStore(client);
    await store.getState().loadCatalog();
    store.getState().openNewFnForm();
    expect(await store.getState().saveFn({ ...DEFAULT_FN_FORM, name: 'bad name', image: '' })).toBe(false);
    expect(store.getState().fnFormOpen).toBe(true);

    store.getState().startEditFn('fn-cart');
    await store.getState().deleteFn('fn-cart');
    expect(store.getState()).toMatchObject({ fnFormOpen: false, editingFnId: null });
  });
});

describe('catalog slice: an edit saves only what the user changed since the form opened', () => {
  it('does not write back an annotation that changed elsewhere while the form was open', async () => {
    const debug = { 'fnstudio.io/fn/debug': { port: 9229 } };
    const cart = fn('cart', 'app-shop', { annotations: debug, memory: 128 });
    const { api, client } = fakeClient([app('shop')], [cart]);
    const store = createStudioStore(client);
    await store.getState().loadCatalog();
    store.getState().startEditFn('fn-cart');
    const formValues = fnToForm(store.getState().editingFnBase!, 'shop');
    // Meanwhile debug is turned off from the debug panel (or another window): the live list no longer has it.
    store.setState({ fns: [{ ...cart, annotations: {} }] });

    expect(await store.getState().saveFn({ ...formValues, memory: '256' })).toBe(true);
    const sent = api.updateFn.mock.calls[0][0].patch;
    expect(sent.memory).toBe(256);
    expect(sent).not.toHaveProperty('annotations');
  });
});

describe('catalog slice: edit and delete', () => {
  it('saves an edit through updateFn and leaves edit mode', async () => {
    const cart = fn('cart', 'app-shop', { config: { A: '1', B: '2' } });
    const { api, client } = fakeClient([app('shop')], [cart]);
    const store = createStudioStore(client);
    await store.getState().loadCatalog();
    store.getState().startEditFn('fn-cart');
    const values = fnToForm(cart, 'shop');
    const ok = await store
      .getState()
      .saveFn({ ...values, memory: '256', config: [{ key: 'A', value: '1' }] });
    expect(ok).toBe(true);
    expect(api.updateFn).toHaveBeenCalledWith({
      fn_id: 'fn-cart',
      patch: expect.objectContaining({ memory: 256, config: { B: '' } }),
    });
    expect(store.getState().editingFnId).toBeNull();
    expect(store.getState().fns[0]!.memory).toBe(256);
  });

  it('sends annotation changes through updateFn and refuses an empty annotation value inline', async () => {
    const cart = fn('cart', 'app-shop', { annotations: { owner: 'blue', tier: 2 } });
    const { api, client } = fakeClient([app('shop')], [cart]);
    const store = createStudioStore(client);
    await store.getState().loadCatalog();
    store.getState().startEditFn('fn-cart');
    const values = fnToForm(cart, 'shop');
    expect(await store.getState().saveFn({ ...values, annotations: [{ key: 'owner', value: '' }] })).toBe(
      false,
    );
    expect(store.getState().formIssues).toEqual([
      { field: 'annotations', message: 'annotation "owner" needs a value (an empty value deletes it)' },
    ]);
    expect(api.updateFn).not.toHaveBeenCalled();
    expect(
      await store.getState().saveFn({
        ...values,
        annotations: [
          { key: 'owner', value: 'green' },
          { key: 'flags', value: '["x"]' },
        ],
      }),
    ).toBe(true);
    expect(api.updateFn).toHaveBeenCalledWith({
      fn_id: 'fn-cart',
      patch: expect.objectContaining({ annotations: { owner: 'green', tier: '', flags: ['x'] } }),
    });
  });

  it('shows the host error inline when an edit is refused', async () => {
    const { api, client } = fakeClient([app('shop')], [fn('cart', 'app-shop')]);
    api.updateFn.mockRejectedValueOnce(new ApiError('conflict', 'a function named cart already exists'));
    const store = createStudioStore(client);
    await store.getState().loadCatalog();
    store.getState().startEditFn('fn-cart');
    expect(await store.getState().saveFn(fnToForm(store.getState().fns[0]!, 'shop'))).toBe(false);
    expect(store.getState().formIssues).toEqual([
      { field: null, message: 'a function named cart already exists' },
    ]);
    expect(store.getState().editingFnId).toBe('fn-cart');
  });

  it('creates and updates apps with config', async () => {
    const { api, client } = fakeClient([app('shop', { OLD: 'x' })], []);
    const store = createStudioStore(client);
    await store.getState().loadCatalog();
    store.getState().openAppEditor('new');
    await store.getState().saveApp({ name: 'blog', config: [{ key: 'K', value: 'v' }] });
    expect(api.createApp).toHaveBeenCalledWith({ name: 'blog', config: { K: 'v' } });
    expect(store.getState().apps.map((a) => a.name)).toEqual(['blog', 'shop']);
    store.getState().openAppEditor('app-shop');
    await store.getState().saveApp({ name: 'shop', config: [] });
    expect(api.updateApp).toHaveBeenCalledWith({ app_id: 'app-shop', patch: { config: { OLD: '' } } });
    expect(store.getState().appEditor).toBeNull();
  });

  it('deleting an app drops its functions and moves the selection', async () => {
    const { api, client } = fakeClient([app('a'), app('b')], [fn('one', 'app-a'), fn('two', 'app-b')]);
    const store = createStudioStore(client);
    await store.getState().loadCatalog();
    store.getState().selectFn('fn-one');
    await store.getState().deleteApp('app-a');
    expect(api.deleteApp).toHaveBeenCalledWith({ app_id: 'app-a' });
    expect(store.getState().fns.map((f) => f.id)).toEqual(['fn-two']);
    expect(store.getState().selectedFnId).toBe('fn-two');
    expect(groupByApp(store.getState().apps, store.getState().fns).map((g) => g.appId)).toEqual(['app-b']);
  });
});

describe('images slice', () => {
  it('checks, pulls and builds, with the host error kept in words', async () => {
    const { api, client } = fakeClient([], []);
    const store = createStudioStore(client);
    await store.getState().checkImage('x:1');
    expect(store.getState().imageChecks['x:1']).toEqual({ state: 'missing' });
    await store.getState().pullImage('x:1');
    expect(store.getState().imageChecks['x:1']).toEqual({ state: 'present' });

    api.buildImage.mockRejectedValueOnce(new ApiError('invalid_input', '/tmp/e has no Dockerfile'));
    await store.getState().buildImage('/tmp/e', 'y:1');
    expect(store.getState().imageChecks['y:1']).toEqual({
      state: 'failed',
      error: '/tmp/e has no Dockerfile',
    });

    await store.getState().buildImage('  ', 'z:1');
    expect(api.buildImage).toHaveBeenCalledTimes(1);
    expect(store.getState().imageChecks['z:1']?.state).toBe('failed');
  });

  it('collects build lines from image events', () => {
    const { client } = fakeClient([], []);
    const store = createStudioStore(client);
    store.getState().applyImageEvent({ image: 'y:1', kind: 'build', status: 'building' });
    store
      .getState()
      .applyImageEvent({ image: 'y:1', kind: 'build', status: 'building', line: 'Step 1/2 : FROM b' });
    store.getState().applyImageEvent({ image: 'y:1', kind: 'build', status: 'built', done: true });
    expect(store.getState().images['y:1']).toMatchObject({ lines: ['Step 1/2 : FROM b'], done: true });
  });
});
