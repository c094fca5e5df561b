// Triggers slice: the HTTP triggers of every app, and adding or deleting one from the composer that targets them.
import { describeIssues, triggerInputSchema } from '../../../shared/api-schemas';
import type { Trigger } from '../../../shared/models';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface TriggersSlice {
  triggers: Trigger[];
  triggerError: string | null;
  triggerBusy: boolean;
  loadTriggers(): Promise<void>;
  /** Validates, then adds an HTTP trigger for the function; the trigger, or null when it was refused. */
  addTrigger(fnId: string, name: string, source: string): Promise<Trigger | null>;
  deleteTrigger(triggerId: string): Promise<void>;
}

export const createTriggersSlice: SliceCreator<TriggersSlice> = (api) => (set, get) => ({
  triggers: [],
  triggerError: null,
  triggerBusy: false,
  async loadTriggers() {
    try {
      set({ triggers: await api.listTriggers({}) });
    } catch (err) {
      set({ triggerError: `Could not load the triggers: ${errorMessage(err)}` });
    }
  },
  async addTrigger(fnId, name, source) {
    const fn = get().fns.find((f) => f.id === fnId);
    if (!fn) {
      set({ triggerError: 'Select a function first.' });
      return null;
    }
    // Checked here with the host's own schema, so a typo is explained before anything is sent.
    const input = {
      name: name.trim(),
      app_id: fn.app_id,
      fn_id: fn.id,
      type: 'http' as const,
      source: source.trim(),
    };
    const parsed = triggerInputSchema.safeParse(input);
    if (!parsed.success) {
      set({ triggerError: describeIssues(parsed.error) });
      return null;
    }
    set({ triggerBusy: true, triggerError: null });
    try {
      const created = await api.createTrigger(input);
      set({ triggers: [...get().triggers.filter((t) => t.id !== created.id), created], triggerBusy: false });
      return created;
    } catch (err) {
      set({ triggerError: errorMessage(err), triggerBusy: false });
      return null;
    }
  },
  async deleteTrigger(triggerId) {
    set({ triggerBusy: true, triggerError: null });
    try {
      await api.deleteTrigger({ trigger_id: triggerId });
      set({ triggers: get().triggers.filter((t) => t.id !== triggerId), triggerBusy: false });
    } catch (err) {
      set({ triggerError: errorMessage(err), triggerBusy: false });
    }
  },
});
