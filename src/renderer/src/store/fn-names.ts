// A function's name with its app's, so two functions of the same name in different apps can be told apart.
import type { App, Fn } from '../../../shared/models';

const appNameOf = (fn: Pick<Fn, 'app_id'>, apps: readonly App[]): string =>
  apps.find((a) => a.id === fn.app_id)?.name ?? fn.app_id;

/** "app / function"; the app's id stands in while the app is not loaded. */
export function fnDisplayName(fn: Pick<Fn, 'name' | 'app_id'>, apps: readonly App[]): string {
  return `${appNameOf(fn, apps)} / ${fn.name}`;
}

export interface FnOption {
  id: string;
  label: string;
}

/** Every function as a picker option, ordered by app name, then function name. */
export function fnOptions(fns: readonly Fn[], apps: readonly App[]): FnOption[] {
  return fns
    .map((f) => ({ f, app: appNameOf(f, apps) }))
    .sort((a, b) => a.app.localeCompare(b.app) || a.f.name.localeCompare(b.f.name))
    .map(({ f, app }) => ({ id: f.id, label: `${app} / ${f.name}` }));
}

/** A lookup from function id to display name; an unknown (deleted) function shows its id. */
export function fnNamer(fns: readonly Fn[], apps: readonly App[]): (fnId: string) => string {
  const names = new Map(fns.map((f) => [f.id, fnDisplayName(f, apps)]));
  return (fnId) => names.get(fnId) ?? fnId;
}
