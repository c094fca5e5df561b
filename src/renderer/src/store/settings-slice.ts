// Settings slice: the host's settings with where each value comes from, and saving changes.
import type { SettingsPatch, SettingsView } from '../../../shared/settings';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface SettingsSlice {
  settings: SettingsView | null;
  settingsError: string | null;
  loadSettings(): Promise<void>;
  /** Saves a patch (null forgets a saved value); true when the host took it. */
  saveSettings(patch: SettingsPatch): Promise<boolean>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (api) => (set) => ({
  settings: null,
  settingsError: null,
  async loadSettings() {
    try {
      set({ settings: await api.getSettings({}), settingsError: null });
    } catch (err) {
      set({ settingsError: errorMessage(err) });
    }
  },
  async saveSettings(patch) {
    try {
      set({ settings: await api.updateSettings(patch), settingsError: null });
      return true;
    } catch (err) {
      set({ settingsError: errorMessage(err) });
      return false;
    }
  },
});
