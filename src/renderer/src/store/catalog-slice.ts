// Catalog slice: apps and functions, the selected function, and the create/edit/delete actions behind the sidebar.
import type { StudioClient } from '../../../shared/api-contract';
import { ApiError } from '../../../shared/errors';
import type { App, Fn } from '../../../shared/models';
import { errorMessage } from './errors';
import { appUpdatePatch, parseAppForm, type AppFormValues } from './catalog-app-form';
import { fnUpdatePatch, parseFnForm, type FnFormValues, type FormIssue } from './fn-form';
import { shapingFieldOf } from './shaping-form';
import type { SliceCreator } from './studio-state';

export interface CatalogSlice {
  apps: App[];
  fns: Fn[];
  selectedFnId: string | null;
  catalogError: string | null;
  formIssues: FormIssue[];
  formBusy: boolean;
  /** The function form is shown only on demand: to register a function, or to edit one. */
  fnFormOpen: boolean;
  /** The function the form edits; null when it registers a new one. */
  editingFnId: string | null;
  /** That function as it was when the form opened: the form's values start from it, and saving sends only what
   *  the user changed since, so a change made meanwhile elsewhere (debug turned off, another window's edit) is
   *  not written back with the form's stale copy. */
  editingFnBase: Fn | null;
  /** The app form: closed, a new app, or the id of the app it edits. */
  appEditor: null | 'new' | string;
  appIssues: FormIssue[];
  appBusy: boolean;
  loadCatalog(): Promise<void>;
  /** Validates, creates the app when it does not exist yet, then the function; true when it was registered. */
  registerFn(values: FnFormValues): Promise<boolean>;
  deleteFn(fnId: string): Promise<void>;
  /** Opens the form on a function to edit it; null closes the form. */
  startEditFn(fnId: string | null): void;
  /** Opens the form to register a new function. */
  openNewFnForm(): void;
  /** Validates and PUTs the edited function; true when saved. */
  saveFn(values: FnFormValues): Promise<boolean>;
  openAppEditor(target: null | 'new' | string): void;
  /** Creates or updates the app of the app form; true when saved. */
  saveApp(values: AppFormValues): Promise<boolean>;
  /** Deletes the app; the host deletes its functions with it. */
  deleteApp(appId: string): Promise<void>;
  selectFn(fnId: string | null): void;
  clearFormIssues(): void;
}

// A shared empty array keeps selectors returning the same reference, so React does not re-render for nothing.
const NO_ISSUES: FormIssue[] = [];

/** A refusal from the host, marked on the shaping box it names (its other messages belong to no single box). */
const hostIssue = (message: string): FormIssue => ({ field: shapingFieldOf(message), message });

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
  fnFormOpen: false,
  editingFnId: null,
  editingFnBase: null,
  appEditor: null,
  appIssues: NO_ISSUES,
  appBusy: false,

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
      // The new function is selected and shown in the list; the form has done its job.
      set({ apps, fns, selectedFnId: fn.id, formBusy: false, fnFormOpen: false });
      return true;
    } catch (err) {
      set({ formBusy: false, formIssues: [hostIssue(errorMessage(err))] });
      return false;
    }
  },

  async deleteFn(fnId) {
    try {
      await api.deleteFn({ fn_id: fnId });
      const fns = get().fns.filter((f) => f.id !== fnId);
      const selectedFnId = get().selectedFnId === fnId ? (fns[0]?.id ?? null) : get().selectedFnId;
      const closing = get().editingFnId === fnId;
      set({
        fns,
        selectedFnId,
        ...(closing ? { editingFnId: null, fnFormOpen: false } : {}),
        catalogError: null,
      });
    } catch (err) {
      set({ catalogError: errorMessage(err) });
    }
  },

  startEditFn(fnId) {
    const base = get().fns.find((f) => f.id === fnId) ?? null;
    set({ editingFnId: fnId, editingFnBase: base, fnFormOpen: fnId !== null, formIssues: NO_ISSUES });
  },

  openNewFnForm() {
    set({ editingFnId: null, editingFnBase: null, fnFormOpen: true, formIssues: NO_ISSUES });
  },

  async saveFn(values) {
    const before = get().editingFnId === null ? null : get().editingFnBase;
    if (!before) return get().registerFn(values);
    const parsed = parseFnForm(values);
    if (!parsed.ok) {
      set({ formIssues: parsed.issues });
      return false;
    }
    set({ formBusy: true, formIssues: NO_ISSUES });
    try {
      const fn = await api.updateFn({ fn_id: before.id, patch: fnUpdatePatch(before, parsed.fn) });
      set({
        fns: get()
          .fns.map((f) => (f.id === fn.id ? fn : f))
          .sort(byName),
        formBusy: false,
        editingFnId: null,
        fnFormOpen: false,
      });
      return true;
    } catch (err) {
      set({ formBusy: false, formIssues: [hostIssue(errorMessage(err))] });
      return false;
    }
  },

  openAppEditor(target) {
    set({ appEditor: target, appIssues: NO_ISSUES });
  },

  async saveApp(values) {
    const parsed = parseAppForm(values);
    if (!parsed.ok) {
      set({ appIssues: parsed.issues });
      return false;
    }
    const target = get().appEditor;
    const before = get().apps.find((a) => a.id === target);
    set({ appBusy: true, appIssues: NO_ISSUES });
    try {
      const app = before
        ? await api.updateApp({ app_id: before.id, patch: appUpdatePatch(before, parsed.app) })
        : await api.createApp(Object.keys(parsed.app.config).length ? parsed.app : { name: parsed.app.name });
      const apps = [...get().apps.filter((a) => a.id !== app.id), app].sort(byName);
      set({ apps, appBusy: false, appEditor: null });
      return true;
    } catch (err) {
      set({ appBusy: false, appIssues: [{ field: null, message: errorMessage(err) }] });
      return false;
    }
  },

  async deleteApp(appId) {
    try {
      await api.deleteApp({ app_id: appId });
      const fns = get().fns.filter((f) => f.app_id !== appId);
      const { selectedFnId, editingFnId, appEditor, fnFormOpen } = get();
      const editedGone = editingFnId !== null && !fns.some((f) => f.id === editingFnId);
      set({
        apps: get().apps.filter((a) => a.id !== appId),
        fns,
        selectedFnId: fns.some((f) => f.id === selectedFnId) ? selectedFnId : (fns[0]?.id ?? null),
        editingFnId: editedGone ? null : editingFnId,
        fnFormOpen: editedGone ? false : fnFormOpen,
        appEditor: appEditor === appId ? null : appEditor,
        catalogError: null,
      });
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
