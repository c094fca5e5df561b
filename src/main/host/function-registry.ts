// Apps and functions, validated and kept in memory (the durable store replaces the maps, not this interface).
import type { AppInput, FnInput } from '../../shared/api-contract';
import { appInputSchema, describeIssues, fnInputSchema } from '../../shared/api-schemas';
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { App, Fn } from '../../shared/models';
import type { z } from 'zod';
import { CALL_DEFAULTS as FN_DEFAULTS } from '../core/get-call';

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError('invalid_input', describeIssues(r.error));
  return r.data;
}

export class FunctionRegistry {
  private readonly apps = new Map<string, App>();
  private readonly fns = new Map<string, Fn>();
  private readonly listeners = new Set<() => void>();

  /** `maxMemoryMb` is the whole pool: a function may not ask for more. */
  constructor(private readonly maxMemoryMb: () => number) {}

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
    if (this.listApps().some((a) => a.name === data.name))
      throw new ApiError('conflict', `app "${data.name}" already exists`);
    const now = new Date().toISOString();
    const app: App = {
      id: newId(),
      name: data.name,
      config: data.config ?? {},
      annotations: data.annotations ?? {},
      syslog_url: data.syslog_url,
      created_at: now,
      updated_at: now,
    };
    this.apps.set(app.id, app);
    this.changed();
    return app;
  }

  deleteApp(id: string): void {
    this.getApp(id);
    for (const fn of this.fns.values()) if (fn.app_id === id) this.fns.delete(fn.id);
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
      config: data.config ?? {},
      annotations: data.annotations ?? {},
      created_at: now,
      updated_at: now,
    };
    this.fns.set(fn.id, fn);
    this.changed();
    return fn;
  }

  deleteFn(id: string): void {
    this.getFn(id);
    this.fns.delete(id);
    this.changed();
  }

  checkMemory(memory: number): void {
    const max = this.maxMemoryMb();
    if (memory > max)
      throw new ApiError('invalid_input', `memory ${memory} MB is more than the whole pool (${max} MB)`);
  }
}
