// An accessibility pass in headless Chromium against `npm run serve`: every control on every view has a name,
// no positive tabindex, a skip link, a visible focus ring, and readable colour pairs in both themes.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { BUSYBOX_IMAGE } from '../support/test-images';

const VIEWS = ['composer', 'timeline', 'calls', 'ram', 'settings'] as const;

// Page-side code as strings: the test project is compiled without the DOM's types.
const inPage = <T>(page: Page, expression: string) => page.evaluate<T>(expression);

/** Visible controls without an accessible name (aria-label, aria-labelledby, a label, text, title, alt). */
const UNNAMED = `(() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const text = (el) => (el.textContent || '').trim();
  const nameOf = (el) => {
    const aria = (el.getAttribute('aria-label') || '').trim();
    if (aria) return aria;
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const t = by.split(/\\s+/).map((id) => document.getElementById(id)).filter(Boolean).map(text).join(' ').trim();
      if (t) return t;
    }
    if (el.labels && el.labels.length) {
      const t = Array.from(el.labels).map(text).join(' ').trim();
      if (t) return t;
    }
    if (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) || ['tab', 'button', 'link', 'option', 'menuitem'].includes(el.getAttribute('role'))) {
      const t = text(el);
      if (t) return t;
    }
    const img = el.querySelector && el.querySelector('img[alt]');
    if (img && img.alt.trim()) return img.alt.trim();
    return (el.getAttribute('title') || '').trim();
  };
  const sel = 'button, input:not([type=hidden]), select, textarea, a[href], [role=button], [role=tab], [role=checkbox], [role=slider], [role=switch], [role=textbox], [role=combobox]';
  return Array.from(document.querySelectorAll(sel))
    .filter((el) => visible(el) && !el.closest('.xterm-helpers, [aria-hidden=true]'))
    .filter((el) => !nameOf(el))
    .map((el) => el.outerHTML.slice(0, 160));
})()`;

const POSITIVE_TABINDEX = `Array.from(document.querySelectorAll('[tabindex]'))
  .filter((el) => Number(el.getAttribute('tabindex')) > 0)
  .map((el) => el.outerHTML.slice(0, 160))`;

/** WCAG contrast of the theme's text colours on its surfaces. */
const CONTRAST = `(() => {
  const cs = getComputedStyle(document.documentElement);
  const hex = (name) => cs.getPropertyValue(name).trim();
  const lum = (h) => {
    const c = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => {
    const x = lum(hex(a)), y = lum(hex(b));
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const pairs = [['--on-accent', '--accent-strong'], ['--bad-fg', '--bad-bg'], ['--warn-fg', '--warn-bg'], ['--bad', '--bad-bg']];
  for (const fg of ['--text', '--muted', '--accent', '--ok', '--warn', '--bad'])
    for (const bg of ['--bg', '--panel', '--panel-2']) pairs.push([fg, bg]);
  return pairs.map(([fg, bg]) => ({ pair: fg + ' on ' + bg, ratio: Math.round(ratio(fg, bg) * 100) / 100 }));
})()`;

describe('accessibility', () => {
  const host = useE2eHost();
  beforeAll(async () => {
    // A function, so the sidebar and the composer show their full set of controls.
    const app = await host.api.createApp({ name: 'a11y' });
    await host.api.createFn({ name: 'hello', app_id: app.id, image: BUSYBOX_IMAGE, format: 'default' });
  });

  it('names every control on every view, and uses no positive tabindex', async () => {
    const { page } = await host.openPage({ viewport: { width: 1360, height: 900 } });
    await page.getByTestId('tab-composer').waitFor();
    await expect.poll(() => page.getByText('hello').count()).toBeGreaterThan(0);
    const problems: Record<string, string[]> = {};
    for (const view of VIEWS) {
      await page.getByTestId(`tab-${view}`).click();
      expect(await page.getByTestId(`tab-${view}`).getAttribute('aria-selected')).toBe('true');
      // The panel is labelled by its tab and the tab controls the panel.
      expect(await page.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(`tab-${view}`);
      expect(await page.getByTestId(`tab-${view}`).getAttribute('aria-controls')).toBe('view-panel');
      await page.waitForTimeout(300); // let the view render its controls
      const unnamed = await inPage<string[]>(page, UNNAMED);
      const positive = await inPage<string[]>(page, POSITIVE_TABINDEX);
      if (unnamed.length || positive.length) problems[view] = [...unnamed, ...positive];
    }
    expect(problems).toEqual({});
    // The checks themselves catch a nameless button and a positive tabindex.
    await inPage(
      page,
      `document.body.insertAdjacentHTML('beforeend', '<button id="probe" tabindex="3"></button>')`,
    );
    expect(await inPage<string[]>(page, UNNAMED)).toEqual([expect.stringContaining('id="probe"')]);
    expect(await inPage<string[]>(page, POSITIVE_TABINDEX)).toHaveLength(1);
    await inPage(page, "document.getElementById('probe').remove()");
    // Landmarks: banner, navigation, complementary, main.
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Views' }).count()).toBe(1);
    expect(await page.getByRole('complementary', { name: 'Functions' }).count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    await page.close();
  });

  it('offers a skip link first and shows a focus ring on keyboard focus', async () => {
    const { page } = await host.openPage({ viewport: { width: 1360, height: 900 } });
    await page.getByTestId('tab-composer').waitFor();
    await page.keyboard.press('Tab');
    expect(await inPage<string>(page, "document.activeElement.getAttribute('data-testid')")).toBe(
      'skip-link',
    );
    expect(await page.getByTestId('skip-link').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => inPage<string>(page, "document.activeElement.getAttribute('data-testid')"))
      .toBe('main-panel');

    await page.getByTestId('theme-toggle').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab'); // keyboard focus, so :focus-visible applies
    const outline = await inPage<string>(page, 'getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await page.screenshot({ path: reportPath('e2e-accessibility-focus.png') });
    await page.close();
  });

  it('keeps text readable (WCAG AA 4.5:1) in the dark and the light theme', async () => {
    const { page } = await host.openPage({ viewport: { width: 1360, height: 900 } });
    await page.getByTestId('tab-composer').waitFor();
    const low: Record<string, string[]> = {};
    for (const theme of ['dark', 'light']) {
      await inPage(page, `document.documentElement.dataset.theme = '${theme}'`);
      const pairs = await inPage<{ pair: string; ratio: number }[]>(page, CONTRAST);
      expect(pairs.length).toBeGreaterThan(10);
      const bad = pairs.filter((p) => !(p.ratio >= 4.5)).map((p) => `${p.pair}: ${p.ratio}`);
      if (bad.length) low[theme] = bad;
    }
    expect(low).toEqual({});
    await page.close();
  });
});
