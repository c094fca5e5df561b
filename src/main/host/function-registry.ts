// Apps and functions: validated, kept in the store, cached in memory (an invoke looks its function up without SQL).
import type { AppInput, FnInput } from '../../shared/api-contract';
import {
  appInputSchema,
  appUpdateSchema,
  describeIssues,
  fnInputSchema,
  fnUpdateSchema,
} from '../../shared/api-schemas';
import { ApiError } from '../../shared/errors';
import { FN_ANNOTATIONS } from '../../shared/fn-annotations';
import { checkFnDebug } from '../../shared/fn-debug';
import { readShaping, shapingIssues, warmMemoryMb } from '../../shared/fn-shaping';
import { newId } from '../../shared/ids';
import type { App, Fn } from '../../shared/models';
import type { z } from 'zod';
import { CALL_DEFAULTS as FN_DEFAULTS } from '../core/get-call';
import type { RegistryStore } from './store/registry-store';
import { checkWatchAnnotations } from './watch-annotations';

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError('invalid_input', describeIssues(r.error));
  return r.data;
}

/** Annotations the server adds to what it returns; never stored from a client's echo. */
export const SERVER_ANNOTATIONS = ['fnproject.io/fn/invokeEndpoint', 'fnproject.io/trigger/httpEndpoint'];

/** Fn's PUT rule for config and annotations: merge key by key, `""` deletes a key. */
export function mergeKeys<V>(
  current: Record<string, V>,
  patch: Record<string, V> | undefined,
): Record<string, V> {
  if (!patch) return current;
  const out = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === '' || SERVER_ANNOTATIONS.includes(k)) delete out[k];
    else out[k] = v;
  }
  return out;
}

function withoutServerKeys(a: Record<string, unknown> | undefined): Record<string, unknown> {
  return mergeKeys({}, a ?? {});
}

/** Fields whose change makes idle containers of the old configuration useless. */
const RUNTIME_FIELDS = ['image', 'memory', 'timeout', 'idle_timeout', 'format', 'network', 'config'] as const;
/** Annotations whose change does the same (the containers they started run with the old ones). */
const RUNTIME_ANNOTATIONS = [FN_ANNOTATIONS.debug, FN_ANNOTATIONS.cpus];

export interface RegistryDeps {
  store: RegistryStore;
  /** The whole pool in MB: a function may not ask for more. */
  maxMemoryMb: () => number;
  /** Called when a function's runtime configuration changed or it was removed: retire its idle containers. */
  retireIdle: (fnId: string) => void;
  /** The Docker engine's CPU count, which a function's CPU limit may not exceed (undefined until it answered). */
  engineCpus?: () => number | undefined;
}

export class FunctionRegistry {
  private readonly apps = new Map<string, App>();
  private readonly fns = new Map<string, Fn>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly d: RegistryDeps) {
    for (const a of d.store.loadApps()) this.apps.set(a.id, a);
    for (const f of d.store.loadFns()) this.fns.set(f.id, f);
  }

  onChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  private changed(): void {
    for (const l of this.listeners) l();
  }

  listApps(): App[] {
    return [...this.apps.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  getApp(id: string): App {
    const app = this.apps.get(id);
    if (!app) throw new ApiError('not_found', `app ${id} not found`);
    return app;
  }

  createApp(input: AppInput | unknown): App {
    const data = parseOrThrow(appInputSchema, input);
    this.assertAppNameFree(data.name);
    const now = new Date().toISOString();
    const app: App = {
      id: newId(),
      name: data.name,
      config: mergeKeys({}, data.config),
      annotations: withoutServerKeys(data.annotations),
      syslog_url: data.syslog_url,
      created_at: now,
      updated_at: now,
    };
    this.d.store.putApp(app);
    this.apps.set(app.id, app);
    this.changed();
    return app;
  }

  updateApp(id: string, input: unknown): App {
    const app = this.getApp(id);
    const data = parseOrThrow(appUpdateSchema, input);
    if (data.name !== undefined && data.name !== app.name)
      throw new ApiError('conflict', `an app cannot be renamed (it is "${app.name}", not "${data.name}")`);
    const next: App = {
      ...app,
      config: mergeKeys(app.config, data.config),
      annotations: mergeKeys(app.annotations, data.annotations),
      syslog_url: data.syslog_url === undefined ? app.syslog_url : data.syslog_url || undefined,
      updated_at: new Date().toISOString(),
    };
    this.d.store.putApp(next);
    this.apps.set(id, next);
    // App config reaches every function's environment.
    if (JSON.stringify(next.config) !== JSON.stringify(app.config))
      for (const f of this.listFns({ app_id: id })) this.d.retireIdle(f.id);
    this.changed();
    return next;
  }

  deleteApp(id: string): void {
    this.getApp(id);
    this.d.store.deleteApp(id);
    for (const fn of this.fns.values())
      if (fn.app_id === id) {
        this.fns.delete(fn.id);
        this.d.retireIdle(fn.id);
      }
    this.apps.delete(id);
    this.changed();
  }

  listFns(filter: { app_id?: string; name?: string } = {}): Fn[] {
    return [...this.fns.values()]
      .filter(
        (f) => (!filter.app_id || f.app_id === filter.app_id) && (!filter.name || f.name === filter.name),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  getFn(id: string): Fn {
    const fn = this.fns.get(id);
    if (!fn) throw new ApiError('not_found', `function ${id} not found`);
    return fn;
  }

  createFn(input: FnInput | unknown): Fn {
    const data = parseOrThrow(fnInputSchema, input);
    this.getApp(data.app_id);
    if (this.listFns({ app_id: data.app_id }).some((f) => f.name === data.name)) {
      throw new ApiError('conflict', `function "${data.name}" already exists in this app`);
    }
    const memory = data.memory ?? FN_DEFAULTS.memory;
    this.checkMemory(memory);
    const now = new Date().toISOString();
    const fn: Fn = {
      id: newId(),
      name: data.name,
      app_id: data.app_id,
      image: data.image,
      memory,
      timeout: data.timeout ?? FN_DEFAULTS.timeout,
      idle_timeout: data.idle_timeout ?? FN_DEFAULTS.idle_timeout,
      format: data.format ?? FN_DEFAULTS.format,
      network: data.network ?? FN_DEFAULTS.network,
      config: mergeKeys({}, data.config),
      annotations: withoutServerKeys(data.annotations),
      created_at: now,
      updated_at: now,
    };
    checkWatchAnnotations(fn);
    checkFnDebug(fn, this.listFns());
    this.checkShaping(fn);
    this.d.store.putFn(fn);
    this.fns.set(fn.id, fn);
    this.changed();
    return fn;
  }

  updateFn(id: string, input: unknown): Fn {
    const fn = this.getFn(id);
    const data = parseOrThrow(fnUpdateSchema, input);
    if (data.name !== undefined && data.name !== fn.name)
      throw new ApiError('conflict', `a function cannot be renamed (it is "${fn.name}", not "${data.name}")`);
    if (data.memory !== undefined) this.checkMemory(data.memory);
    const next: Fn = {
      ...fn,
      image: data.image ?? fn.image,
      memory: data.memory ?? fn.memory,
      timeout: data.timeout ?? fn.timeout,
      idle_timeout: data.idle_timeout ?? fn.idle_timeout,
      format: data.format ?? fn.format,
      network: data.network ?? fn.network,
      config: mergeKeys(fn.config, data.config),
      annotations: mergeKeys(fn.annotations, data.annotations),
      updated_at: new Date().toISOString(),
    };
    checkWatchAnnotations(next, fn);
    // Checked on the whole result (a PUT may change the format or network under a debug mode): refused, nothing is kept.
    checkFnDebug(next, this.listFns());
    this.checkShaping(next);
    this.d.store.putFn(next);
    this.fns.set(id, next);
    const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
    if (
      RUNTIME_FIELDS.some((k) => changed(next[k], fn[k])) ||
      RUNTIME_ANNOTATIONS.some((k) => changed(next.annotations[k], fn.annotations[k]))
    )
      this.d.retireIdle(id);
    this.changed();
    return next;
  }

  deleteFn(id: string): void {
    this.getFn(id);
    this.d.store.deleteFn(id);
    this.fns.delete(id);
    this.d.retireIdle(id);
    this.changed();
  }

  checkMemory(memory: number): void {
    const max = this.d.maxMemoryMb();
    if (memory > max)
      throw new ApiError('invalid_input', `memory ${memory} MB is more than the whole pool (${max} MB)`);
  }

  /**
   * The function's shaping annotations (fn-shaping.ts) are readable and fit the engine's CPUs and the pool, its warm
   * containers together with every other function's; checked before anything is stored, so a refusal changes nothing.
   */
  private checkShaping(fn: Fn): void {
    const read = readShaping(fn.annotations);
    const issues = read.ok
      ? shapingIssues(fn, read.shaping, {
          engineCpus: this.d.engineCpus?.(),
          poolMb: this.d.maxMemoryMb(),
          warmElsewhereMb: [...this.fns.values()]
            .filter((f) => f.id !== fn.id)
            .reduce((mb, f) => mb + warmMemoryMb(f), 0),
        })
      : read.issues;
    if (issues.length) throw new ApiError('invalid_input', issues.map((i) => i.message).join('; '));
  }

  private assertAppNameFree(name: string): void {
    if (this.listApps().some((a) => a.name === name))
      throw new ApiError('conflict', `app "${name}" already exists`);
  }
}
