// What the composer sends to: the function's invoke endpoint, one of its HTTP triggers, or a path typed by hand.
import type { App, Fn, Trigger } from '../../../shared/models';

export const INVOKE_TARGET = 'invoke';
export const CUSTOM_TARGET = 'custom';

export const invokePath = (fnId: string): string => `/invoke/${encodeURIComponent(fnId)}`;

/** Where the host serves a trigger: /t/{app name}{source}. */
export const triggerPath = (appName: string, t: Trigger): string =>
  `/t/${encodeURIComponent(appName)}${t.source}`;

export interface TargetOption {
  value: string;
  label: string;
  path: string;
}

/** The invoke endpoint first, then the function's triggers by name. */
export function targetOptions(fn: Fn, apps: App[], triggers: Trigger[]): TargetOption[] {
  const appName = apps.find((a) => a.id === fn.app_id)?.name;
  const options: TargetOption[] = [
    { value: INVOKE_TARGET, label: 'Invoke endpoint', path: invokePath(fn.id) },
  ];
  if (appName === undefined) return options;
  for (const t of triggers) {
    if (t.fn_id !== fn.id) continue;
    const path = triggerPath(appName, t);
    options.push({ value: t.id, label: `Trigger ${t.name} (${path})`, path });
  }
  return options;
}

/**
 * The function a path sends to: `/invoke/{fn_id}`, or `/t/{app name}{source}` of a trigger; null when it names
 * none of these functions (an unknown id, another host's trigger, any other path).
 */
export function fnOfPath(
  path: string,
  fns: readonly Fn[],
  apps: readonly App[],
  triggers: readonly Trigger[],
): string | null {
  const bare = path.split('?')[0] ?? '';
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const known = (fnId: string | undefined) => (fnId && fns.some((f) => f.id === fnId) ? fnId : null);
  const invoke = /^\/invoke\/([^/]+)$/.exec(bare);
  if (invoke) return known(decode(invoke[1]!));
  const trigger = /^\/t\/([^/]+)(\/.*)?$/.exec(bare);
  if (!trigger) return null;
  const app = apps.find((a) => a.name === decode(trigger[1]!));
  const source = trigger[2] ?? '/';
  return known(triggers.find((t) => t.app_id === app?.id && t.source === source)?.fn_id);
}

/** The option a draft's path points at (its query string aside), or CUSTOM_TARGET. */
export function targetOf(path: string, options: TargetOption[]): string {
  const bare = path.split('?')[0];
  return options.find((o) => o.path === bare)?.value ?? CUSTOM_TARGET;
}
