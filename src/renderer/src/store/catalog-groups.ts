// Apps with their functions, for the sidebar: every app (even without functions), sorted as the catalog is.
import type { App, Fn } from '../../../shared/models';

export interface AppGroup {
  app: App | null;
  appId: string;
  fns: Fn[];
}

// Functions whose app is not in the list yet (events race the list) still show, under their app id.
export function groupByApp(apps: readonly App[], fns: readonly Fn[]): AppGroup[] {
  const groups = new Map<string, AppGroup>();
  for (const app of apps) groups.set(app.id, { app, appId: app.id, fns: [] });
  for (const fn of fns) {
    const group = groups.get(fn.app_id) ?? { app: null, appId: fn.app_id, fns: [] };
    group.fns.push(fn);
    groups.set(fn.app_id, group);
  }
  return [...groups.values()];
}
