// An accessibility pass in headless Chromium against `npm run serve`: every control on every view has a name,
// no positive tabindex, checkboxes their own size, skip links to the current view, a top bar that stays in view, a
// visible focus ring, and readable colour pairs and rendered text (chart legends and labels too) in both themes.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { BUSYBOX_IMAGE } from '../support/test-images';
import { invoke } from './calls-helpers';

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

/** Checkboxes and radio buttons wider than a box: a full-width rule pushes the words beside them away. */
const WIDE_CHECKS = `Array.from(document.querySelectorAll('input[type=checkbox], input[type=radio]'))
  .filter((el) => el.getClientRects().length && el.getBoundingClientRect().width > 24)
  .map((el) => Math.round(el.getBoundingClientRect().width) + ' px: ' + el.outerHTML.slice(0, 120))`;

/**
 * Every visible piece of text (HTML and SVG: chart legends, axis labels) against the background it is drawn on,
 * below WCAG AA: 4.5:1, or 3:1 for large text. Faded (disabled) controls are exempt, as WCAG allows; the terminal
 * draws its own palette, checked by its own test.
 */
const LOW_CONTRAST_TEXT = `(() => {
  const rgba = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a),
    a: 1,
  });
  const lum = (c) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) layers.push(c);
      if (c && c.a >= 1) break;
    }
    return layers.reduceRight((below, top) => over(top, below), { r: 255, g: 255, b: 255, a: 1 });
  };
  const faded = (el) => {
    for (let e = el; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) return true;
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest('.xterm, .visually-hidden, option, script, style')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility !== 'visible' || faded(el)) continue;
    const bg = background(el);
    const fg = rgba(el instanceof SVGElement ? cs.fill : cs.color);
    if (!fg) continue;
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    const r = ratio(over(fg, bg), bg);
    if (r < (large ? 3 : 4.5))
      out.push(Math.round(r * 100) / 100 + ': "' + el.textContent.trim().slice(0, 30) + '" <' + el.tagName.toLowerCase() + ' class="' + (el.getAttribute('class') || '') + '">');
  }
  return out;
})()`;

describe('accessibility', () => {
  const host = useE2eHost();
  beforeAll(async () => {
    // A function and one call, so the sidebar, the composer and the calls table show their full set of controls.
    const app = await host.api.createApp({ name: 'a11y' });
    const fn = await host.api.createFn({
      name: 'hello',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      format: 'default',
    });
    expect((await invoke(host.serve.baseUrl, fn.id, 'hi')).status).toBe(200);
  });

  /** Shows a view and waits until what it draws from the host's data is there. */
  const VIEW_READY: Record<(typeof VIEWS)[number], string> = {
    composer: '[data-testid="composer-send"]',
    timeline: '[data-testid="timeline-legend"]',
    calls: '[data-testid="call-row"]',
    // The chart and its legend come with the first memory sample.
    ram: '[data-testid="ram-chart"] .recharts-legend-item-text',
    settings: '[data-testid="settings-view"] button[type="submit"]',
  };
  const showView = async (page: Page, view: (typeof VIEWS)[number]) => {
    await page.getByTestId(`tab-${view}`).click();
    await page.locator(VIEW_READY[view]).first().waitFor({ timeout: 30_000 });
  };

  it('names every control on every view, sizes checkboxes to a box, and uses no positive tabindex', async () => {
    const { page } = await host.openPage({ viewport: { width: 1360, height: 900 } });
    await page.getByTestId('tab-composer').waitFor();
    await expect.poll(() => page.getByText('hello').count()).toBeGreaterThan(0);
    // The function form opens on demand: open it, so its controls are checked on every view too.
    await page.getByTestId('fn-new').click();
    await page.getByTestId('fn-form').waitFor();
    const problems: Record<string, string[]> = {};
    for (const view of VIEWS) {
      await page.getByTestId(`tab-${view}`).click();
      expect(await page.getByTestId(`tab-${view}`).getAttribute('aria-selected')).toBe('true');
      // The panel is labelled by its tab and the tab controls the panel.
      expect(await page.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(`tab-${view}`);
      expect(await page.getByTestId(`tab-${view}`).getAttribute('aria-controls')).toBe('view-panel');
      await showView(page, view);
      const unnamed = await inPage<string[]>(page, UNNAMED);
      const positive = await inPage<string[]>(page, POSITIVE_TABINDEX);
      const wide = await inPage<string[]>(page, WIDE_CHECKS);
      if (unnamed.length || positive.length || wide.length)
        problems[view] = [...unnamed, ...positive, ...wide];
    }
    expect(problems).toEqual({});
    // The checks met checkboxes at all (the composer's Detached, a calls row's select box).
    await showView(page, 'calls');
    expect(await page.locator('input[type=checkbox]').count()).toBeGreaterThan(0);
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

  it("offers skip links to the current view's first control and keeps the top bar in view", async () => {
    const { page } = await host.openPage({ viewport: { width: 1360, height: 700 } });
    // The composer is the first view; nothing is clicked, so the first Tab starts at the top of the page.
    await page.locator(VIEW_READY.composer).waitFor();
    const active = () => inPage<string>(page, "document.activeElement.getAttribute('data-testid')");
    await page.keyboard.press('Tab');
    expect(await active()).toBe('skip-link');
    expect(await page.getByTestId('skip-link').isVisible()).toBe(true);
    expect(await page.getByTestId('skip-link').textContent()).toBe('Skip to Composer');
    await page.keyboard.press('Enter');
    await expect.poll(active).toBe('composer-fn');

    // From the Timeline tab: one Tab to the skip link beside the tabs, Enter, and the Timeline's first control.
    await showView(page, 'timeline');
    await page.getByTestId('tab-timeline').focus();
    await page.keyboard.press('Tab');
    expect(await active()).toBe('skip-to-view');
    expect(await page.getByTestId('skip-to-view').isVisible()).toBe(true);
    expect(await page.getByTestId('skip-to-view').textContent()).toBe('Skip to Timeline');
    await page.getByTestId('skip-to-view').screenshot({ path: reportPath('e2e-accessibility-skip.png') });
    await page.keyboard.press('Enter');
    const FIRST_IN_VIEW = `(() => {
      const panel = document.getElementById('view-panel');
      const first = panel.querySelector('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])');
      return document.activeElement === first && panel.contains(first);
    })()`;
    await expect.poll(() => inPage<boolean>(page, FIRST_IN_VIEW)).toBe(true);
    expect(
      await inPage<boolean>(
        page,
        `document.querySelector('[data-testid="timeline-view"]').contains(document.activeElement)`,
      ),
    ).toBe(true);

    // The top bar stays at the top of the window however far a view scrolls.
    await showView(page, 'composer');
    await inPage(page, 'window.scrollTo(0, document.body.scrollHeight)');
    await expect.poll(() => inPage<number>(page, 'window.scrollY')).toBeGreaterThan(100);
    expect(await inPage<number>(page, "document.querySelector('.topbar').getBoundingClientRect().top")).toBe(
      0,
    );
    expect(await page.getByTestId('tab-calls').isVisible()).toBe(true);
    await page.screenshot({ path: reportPath('e2e-accessibility-sticky.png') });
    await page.close();
  });

  it('shows a focus ring on keyboard focus', async () => {
    const { page } = await host.openPage({ viewport: { width: 1360, height: 900 } });
    await page.getByTestId('tab-composer').waitFor();

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

  it('draws every text (legends, labels, axis ticks) at 4.5:1 or more in both themes, on every view', async () => {
    const { page } = await host.openPage({ viewport: { width: 1360, height: 900 } });
    const low: Record<string, string[]> = {};
    for (const view of VIEWS) {
      await showView(page, view);
      for (const theme of ['dark', 'light']) {
        await inPage(page, `document.documentElement.dataset.theme = '${theme}'`);
        const bad = await inPage<string[]>(page, LOW_CONTRAST_TEXT);
        if (bad.length) low[`${view}, ${theme}`] = bad;
      }
    }
    expect(low).toEqual({});
    // The check itself catches a legend in a series colour too faint for its panel.
    await showView(page, 'ram');
    await inPage(page, `document.documentElement.dataset.theme = 'dark'`);
    await page.getByTestId('ram-chart').screenshot({ path: reportPath('e2e-accessibility-ram-legend.png') });
    await inPage(
      page,
      `document.querySelector('.recharts-legend-item-text').style.setProperty('color', 'var(--accent-strong)', 'important')`,
    );
    expect(await inPage<string[]>(page, LOW_CONTRAST_TEXT)).toEqual([expect.stringContaining('Busy MB')]);
    await page.close();
  });
});
