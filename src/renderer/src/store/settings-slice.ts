// Settings slice: the host's settings with where each value comes from, and saving changes.
import { settingsPatchSchema, type SettingsPatch, type SettingsView } from '../../../shared/settings';
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
    // Checked here too, so nothing the host would refuse crosses to it.
    const checked = settingsPatchSchema.safeParse(patch);
    if (!checked.success) {
      set({ settingsError: checked.error.issues[0]?.message ?? 'invalid settings' });
      return false;
    }
    try {
      set({ settings: await api.updateSettings(patch), settingsError: null });
      return true;
    } catch (err) {
      set({ settingsError: errorMessage(err) });
      return false;
    }
  },
});
