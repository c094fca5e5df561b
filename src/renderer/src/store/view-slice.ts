// View slice: which view the main area shows, the call opened in the calls view, and the colour theme.
import { pageStorage } from './local-storage';
import type { SliceCreator } from './studio-state';

export const VIEWS = ['composer', 'timeline', 'calls', 'ram', 'settings'] as const;
export type View = (typeof VIEWS)[number];
export type Theme = 'dark' | 'light';

export interface ViewSlice {
  view: View;
  theme: Theme;
  /** The call whose detail the calls view shows. */
  openCallId: string | null;
  setView(view: View): void;
  setTheme(theme: Theme): void;
  /** Shows a call's detail (from the timeline, the composer or the table). */
  openCall(callId: string | null): void;
}

const THEME_KEY = 'fn-studio.theme';

/** The saved theme, else the system's preference, else dark. */
function initialTheme(): Theme {
  const saved = pageStorage()?.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  const media = (globalThis as { matchMedia?: (q: string) => { matches: boolean } }).matchMedia;
  return media?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export const createViewSlice: SliceCreator<ViewSlice> = () => (set, get) => {
  // The calls table starts loading as the view is chosen, not once it has rendered: the request is on its way
  // while React builds the view.
  const show = (view: View) => {
    const entering = view === 'calls' && get().view !== 'calls';
    set({ view });
    if (entering) void get().loadTable({});
  };
  return {
    view: 'composer',
    theme: initialTheme(),
    openCallId: null,
    setView: show,
    setTheme(theme) {
      pageStorage()?.setItem(THEME_KEY, theme);
      set({ theme });
    },
    openCall(callId) {
      set({ openCallId: callId });
      if (callId) show('calls');
    },
  };
};
