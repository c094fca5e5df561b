// Catalog slice: apps and functions, the selected function, and the register/delete actions behind the sidebar.
import type { StudioClient } from '../../../shared/api-contract';
import { ApiError } from '../../../shared/errors';
import type { App, Fn } from '../../../shared/models';
import { errorMessage } from './errors';
import { parseFnForm, type FnFormValues, type FormIssue } from './fn-form';
import type { SliceCreator } from './studio-state';

export interface CatalogSlice {
  apps: App[];
  fns: Fn[];
  selectedFnId: string | null;
  catalogError: string | null;
  formIssues: FormIssue[];
  formBusy: boolean;
  loadCatalog(): Promise<void>;
  /** Validates, creates the app when it does not exist yet, then the function; true when it was registered. */
  registerFn(values: FnFormValues): Promise<boolean>;
  deleteFn(fnId: string): Promise<void>;
  selectFn(fnId: string | null): void;
  clearFormIssues(): void;
}

// A shared empty array keeps selectors returning the same reference, so React does not re-render for nothing.
const NO_ISSUES: FormIssue[] = [];

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

async function findOrCreateApp(api: StudioClient, known: App[], name: string): Promise<App> {
  const cached = known.find((a) => a.name === name);
  if (cached) return cached;
  try {
    return await api.createApp({ name });
  } catch (err) {
    // Another window (or the CLI) may have created it since our list was loaded.
    if (!(err instanceof ApiError) || err.code !== 'conflict') throw err;
    const existing = (await api.listApps({})).find((a) => a.name === name);
    if (!existing) throw err;
    return existing;
  }
}

export const createCatalogSlice: SliceCreator<CatalogSlice> = (api) => (set, get) => ({
  apps: [],
  fns: [],
  selectedFnId: null,
  catalogError: null,
  formIssues: NO_ISSUES,
  formBusy: false,

  async loadCatalog() {
    try {
      const [apps, fns] = await Promise.all([api.listApps({}), api.listFns({})]);
      const { selectedFnId } = get();
      const stillThere = selectedFnId !== null && fns.some((f) => f.id === selectedFnId);
      set({
        apps: [...apps].sort(byName),
        fns: [...fns].sort(byName),
        catalogError: null,
        selectedFnId: stillThere ? selectedFnId : (fns[0]?.id ?? null),
      });
    } catch (err) {
      set({ catalogError: errorMessage(err) });
    }
  },

  async registerFn(values) {
    const parsed = parseFnForm(values);
    if (!parsed.ok) {
      set({ formIssues: parsed.issues });
      return false;
    }
    set({ formBusy: true, formIssues: NO_ISSUES });
    try {
      const app = await findOrCreateApp(api, get().apps, parsed.appName);
      const fn = await api.createFn({ ...parsed.fn, app_id: app.id });
      const apps = get().apps.some((a) => a.id === app.id) ? get().apps : [...get().apps, app].sort(byName);
      const fns = [...get().fns.filter((f) => f.id !== fn.id), fn].sort(byName);
      set({ apps, fns, selectedFnId: fn.id, formBusy: false });
      return true;
    } catch (err) {
      set({ formBusy: false, formIssues: [{ field: null, message: errorMessage(err) }] });
      return false;
    }
  },

  async deleteFn(fnId) {
    try {
      await api.deleteFn({ fn_id: fnId });
      const fns = get().fns.filter((f) => f.id !== fnId);
      const selectedFnId = get().selectedFnId === fnId ? (fns[0]?.id ?? null) : get().selectedFnId;
      set({ fns, selectedFnId, catalogError: null });
    } catch (err) {
      set({ catalogError: errorMessage(err) });
    }
  },

  selectFn(fnId) {
    set({ selectedFnId: fnId });
  },

  clearFormIssues() {
    if (get().formIssues.length) set({ formIssues: NO_ISSUES });
  },
});
