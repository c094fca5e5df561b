// Examples slice: one action registers the example functions and builds whichever of their images are missing.
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface ExamplesSlice {
  examplesBusy: boolean;
  examplesError: string | null;
  /** Registers the examples, selects the first, then builds missing images one at a time (progress per image). */
  loadExamples(): Promise<void>;
}

export const createExamplesSlice: SliceCreator<ExamplesSlice> = (api) => (set, get) => ({
  examplesBusy: false,
  examplesError: null,
  async loadExamples() {
    if (get().examplesBusy) return;
    set({ examplesBusy: true, examplesError: null });
    try {
      const loaded = await api.loadExamples({});
      await get().loadCatalog();
      if (loaded.examples[0]) get().selectFn(loaded.examples[0].fn_id);
      // One build at a time: each pulls its base image, and a machine builds faster one by one than all at once.
      for (const e of loaded.examples) {
        await get().checkImage(e.image);
        if (get().imageChecks[e.image]?.state === 'missing') await get().buildImage(e.folder, e.image);
      }
    } catch (err) {
      set({ examplesError: `Could not load the examples: ${errorMessage(err)}` });
    } finally {
      set({ examplesBusy: false });
    }
  },
});
