// The log terminals' colours: light on the light theme, dark otherwise, matching the --term-bg their wrapper pads
// them with. (Following a theme switch needs a DOM and is not covered by this unit test.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DARK_TERMINAL,
  LIGHT_TERMINAL,
  pageThemeOf,
  terminalThemeFor,
} from '../../src/renderer/src/features/terminal/terminal-palette';

describe('terminal theme', () => {
  it('maps the page theme to a terminal palette, dark unless light', () => {
    expect(pageThemeOf('light')).toBe('light');
    expect(pageThemeOf('dark')).toBe('dark');
    expect(pageThemeOf(undefined)).toBe('dark');
    expect(terminalThemeFor('light')).toBe(LIGHT_TERMINAL);
    expect(terminalThemeFor('dark')).toBe(DARK_TERMINAL);
  });

  it("uses the same background as the theme's --term-bg", () => {
    const css = readFileSync('src/renderer/src/theme.css', 'utf8');
    const termBg = [...css.matchAll(/--term-bg:\s*(#[0-9a-f]{6})/gi)].map((m) => m[1].toLowerCase());
    // Dark first (the :root block), then light.
    expect(termBg).toEqual([DARK_TERMINAL.background, LIGHT_TERMINAL.background]);
  });
});
