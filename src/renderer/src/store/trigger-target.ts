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

/** The option a draft's path points at (its query string aside), or CUSTOM_TARGET. */
export function targetOf(path: string, options: TargetOption[]): string {
  const bare = path.split('?')[0];
  return options.find((o) => o.path === bare)?.value ?? CUSTOM_TARGET;
}
