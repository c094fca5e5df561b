// xterm colours for the app's dark and light themes (pure, so unit tests check them without a DOM).
import type { ITheme } from '@xterm/xterm';

export type PageTheme = 'dark' | 'light';

// Backgrounds match --term-bg in theme.css: the terminal's wrapper pads it in that colour.
export const DARK_TERMINAL: ITheme = {
  background: '#0d1117',
  foreground: '#d1d9e0',
  cursor: '#d1d9e0',
  selectionBackground: '#264f78',
};

// xterm's default ANSI palette is made for dark backgrounds (its yellow and white vanish on white), so the light
// theme carries a full palette, GitHub's light one, whose colours stay readable on white.
export const LIGHT_TERMINAL: ITheme = {
  background: '#ffffff',
  foreground: '#1f2328',
  cursor: '#1f2328',
  selectionBackground: '#b6d7ff',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#4d2d00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

/** The page theme named by a data-theme value; anything but "light" is the default, dark. */
export const pageThemeOf = (dataTheme: string | undefined): PageTheme =>
  dataTheme === 'light' ? 'light' : 'dark';

export const terminalThemeFor = (theme: PageTheme): ITheme =>
  theme === 'light' ? LIGHT_TERMINAL : DARK_TERMINAL;
