// HTTP triggers (Fn's, the seed's "route path"): validated, kept in the store, found by app name and path.
import { describeIssues, triggerInputSchema, triggerUpdateSchema } from '../../shared/api-schemas';
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { Trigger } from '../../shared/models';
import { type FunctionRegistry, mergeKeys } from './function-registry';
import type { RegistryStore } from './store/registry-store';

export const TRIGGER_ENDPOINT = 'fnproject.io/trigger/httpEndpoint';

export class TriggerRegistry {
  private triggers = new Map<string, Trigger>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: RegistryStore,
    private readonly registry: FunctionRegistry,
  ) {
    this.reload();
    // Deleting an app or a function removes its triggers in the store (foreign keys); follow it here.
    registry.onChange(() => this.reload());
  }

  /** Called after a trigger is created, updated or deleted here (not after an app or function cascade). */
  onChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  private changed(): void {
    for (const l of this.listeners) l();
  }

  private reload(): void {
    this.triggers = new Map(this.store.loadTriggers().map((t) => [t.id, t]));
  }

  list(filter: { app_id?: string; fn_id?: string; name?: string } = {}): Trigger[] {
    return [...this.triggers.values()]
      .filter(
        (t) =>
          (!filter.app_id || t.app_id === filter.app_id) &&
          (!filter.fn_id || t.fn_id === filter.fn_id) &&
          (!filter.name || t.name === filter.name),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): Trigger {
    const t = this.triggers.get(id);
    if (!t) throw new ApiError('not_found', `trigger ${id} not found`);
    return t;
  }

  /** The trigger of `app_id` whose source is exactly `source`. */
  find(appId: string, source: string): Trigger | undefined {
    for (const t of this.triggers.values()) if (t.app_id === appId && t.source === source) return t;
    return undefined;
  }

  create(input: unknown): Trigger {
    const r = triggerInputSchema.safeParse(input);
    if (!r.success) throw new ApiError('invalid_input', describeIssues(r.error));
    const data = r.data;
    this.registry.getApp(data.app_id);
    const fn = this.registry.getFn(data.fn_id);
    if (fn.app_id !== data.app_id)
      throw new ApiError('invalid_input', `function ${fn.id} belongs to another app than ${data.app_id}`);
    this.assertFree(data.app_id, data.name, data.source);
    const now = new Date().toISOString();
    const t: Trigger = {
      id: newId(),
      name: data.name,
      app_id: data.app_id,
      fn_id: data.fn_id,
      type: 'http',
      source: data.source,
      annotations: mergeKeys({}, data.annotations ?? {}),
      created_at: now,
      updated_at: now,
    };
    this.store.putTrigger(t);
    this.triggers.set(t.id, t);
    this.changed();
    return t;
  }

  update(id: string, input: unknown): Trigger {
    const t = this.get(id);
    const r = triggerUpdateSchema.safeParse(input);
    if (!r.success) throw new ApiError('invalid_input', describeIssues(r.error));
    const data = r.data;
    if (data.name !== undefined && data.name !== t.name)
      throw new ApiError('conflict', `a trigger cannot be renamed (it is "${t.name}", not "${data.name}")`);
    if (data.source !== undefined && data.source !== t.source)
      this.assertFree(t.app_id, undefined, data.source);
    const next: Trigger = {
      ...t,
      source: data.source ?? t.source,
      annotations: mergeKeys(t.annotations, data.annotations),
      updated_at: new Date().toISOString(),
    };
    this.store.putTrigger(next);
    this.triggers.set(id, next);
    this.changed();
    return next;
  }

  delete(id: string): void {
    this.get(id);
    this.store.deleteTrigger(id);
    this.triggers.delete(id);
    this.changed();
  }

  private assertFree(appId: string, name: string | undefined, source: string): void {
    for (const t of this.triggers.values()) {
      if (t.app_id !== appId) continue;
      if (name !== undefined && t.name === name)
        throw new ApiError('conflict', `trigger "${name}" already exists in this app`);
      if (t.source === source)
        throw new ApiError('conflict', `the path ${source} already has a trigger in this app ("${t.name}")`);
    }
  }
}
