// Text styles every recharts chart shares: recharts colours legend and tooltip text like its series, and a series
// colour on the panel can fall under 4.5:1 (the dark theme's --accent-strong is 3.7:1), so text takes --text.
import type { CSSProperties } from 'react';

/** For <Legend labelStyle>: the swatch keeps the series colour, the words use the text colour. */
export const LEGEND_LABEL_STYLE: CSSProperties = { color: 'var(--text)' };

/** For <Tooltip contentStyle> and <Tooltip itemStyle>. */
export const TOOLTIP_CONTENT_STYLE: CSSProperties = {
  background: 'var(--panel-2)',
  border: '1px solid var(--border)',
  color: 'var(--text)',
};
export const TOOLTIP_ITEM_STYLE: CSSProperties = { color: 'var(--text)' };
