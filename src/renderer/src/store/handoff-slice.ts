// Hand-off slice: export, import and push of apps, functions and triggers, with what the last one did.
import type { RegistryFile } from '../../../shared/registry-file';
import { describeTransfer, parseRegistryText } from './transfer-report';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface HandoffSlice {
  handoffBusy: boolean;
  handoffReport: string | null;
  handoffError: string | null;
  /** The registry file, or null when the host refused (the error is in handoffError). */
  exportRegistry(): Promise<RegistryFile | null>;
  importRegistry(text: string): Promise<void>;
  pushRegistry(url: string): Promise<void>;
}

export const createHandoffSlice: SliceCreator<HandoffSlice> = (api) => (set, get) => {
  // A new transfer clears what the last one said, so a failure never shows beside an older success.
  const run = async <T>(work: () => Promise<T>, report: (result: T) => string): Promise<T | null> => {
    set({ handoffBusy: true, handoffError: null, handoffReport: null });
    try {
      const result = await work();
      set({ handoffBusy: false, handoffReport: report(result) });
      return result;
    } catch (err) {
      set({ handoffBusy: false, handoffError: errorMessage(err) });
      return null;
    }
  };
  return {
    handoffBusy: false,
    handoffReport: null,
    handoffError: null,
    exportRegistry: () =>
      run(
        () => api.exportRegistry({}),
        (f) => `Exported ${f.apps.length} app(s).`,
      ),
    async importRegistry(text) {
      await run(
        () => api.importRegistry({ file: parseRegistryText(text) }),
        (r) => describeTransfer('Import', r),
      );
    },
    async pushRegistry(url) {
      if (get().handoffBusy) return;
      if (!/^https?:\/\/\S+$/.test(url)) {
        set({
          handoffReport: null,
          handoffError: 'Enter the API URL of the Fn server, e.g. http://localhost:8080',
        });
        return;
      }
      await run(
        () => api.pushRegistry({ url }),
        (r) => describeTransfer(`Push to ${url}`, r),
      );
    },
  };
};
