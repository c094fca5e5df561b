// Lays out one lane's bars so that none covers another. A container serves one call at a time, so overlap comes only
// from drawing short calls wider than they lasted: a bar's minimum width stops at the next bar, bars whose timestamps
// collide are nudged right by a few pixels, and calls too close to draw apart at this zoom become one group that
// zooms in on them when opened.
import type { CallStatus } from '../../../shared/models';
import type { Bar } from './timeline-layout';

/** Widths in percent of the track. */
export interface PackOptions {
  /** A short call is drawn this wide, unless the next call starts sooner. */
  minPct: number;
  /** Narrower than this a bar cannot be told apart or clicked: it joins a group instead. */
  thinPct: number;
  /** How far a bar may be moved right of its start to stay apart from the one before. */
  maxShiftPct: number;
}

export interface BarItem extends Bar {
  type: 'bar';
}

export interface GroupItem {
  type: 'group';
  left: number;
  width: number;
  startMs: number;
  endMs: number;
  callIds: string[];
  /** The most telling outcome among its calls (a failure shows over successes). */
  status: CallStatus;
}

export type LaneItem = BarItem | GroupItem;

const MIN_BAR_PX = 6;
const THIN_BAR_PX = 4;
const MAX_SHIFT_PX = 6;

/**
 * The options for a track `trackPx` wide. At the closest zoom (`finest`) no zooming further can part a group, so
 * bars are nudged as far as needed and every call keeps its own bar.
 */
export function packOptions(trackPx: number, finest: boolean): PackOptions {
  const pct = (px: number) => (px / (trackPx > 0 ? trackPx : 800)) * 100;
  return {
    minPct: pct(MIN_BAR_PX),
    thinPct: pct(THIN_BAR_PX),
    maxShiftPct: finest ? Infinity : pct(MAX_SHIFT_PX),
  };
}

const OUTCOME_WEIGHT: CallStatus[] = ['error', 'timeout', 'cancelled', 'running', 'queued', 'success'];

const worstOf = (bars: readonly Bar[]): CallStatus =>
  OUTCOME_WEIGHT.find((s) => bars.some((b) => b.status === s)) ?? 'success';

interface Slot {
  left: number;
  right: number;
  bars: Bar[];
}

/** The lane's bars (any order) as non-overlapping bars and groups, left to right. */
export function packBars(bars: readonly Bar[], o: PackOptions): LaneItem[] {
  const sorted = [...bars].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const slots: Slot[] = [];
  const drawnRight = (bar: Bar, left: number) =>
    Math.max(left, Math.min(100, Math.max(bar.left + bar.width, left + o.minPct)));
  for (const bar of sorted) {
    const last = slots.at(-1);
    let left = bar.left;
    if (last && left < last.right) {
      const nudged = last.left + o.thinPct;
      if (left - last.left >= o.thinPct) {
        // Room enough: the one before ends where this one starts.
        last.right = left;
      } else if (last.bars.length === 1 && nudged - left <= o.maxShiftPct && nudged < 100) {
        left = nudged;
        last.right = left;
      } else {
        last.bars.push(bar);
        last.right = Math.max(last.right, drawnRight(bar, left));
        continue;
      }
    }
    slots.push({ left, right: drawnRight(bar, left), bars: [bar] });
  }
  return slots.map(({ left, right, bars: members }): LaneItem => {
    if (members.length === 1) return { ...members[0], type: 'bar', left, width: right - left };
    return {
      type: 'group',
      left,
      width: right - left,
      startMs: Math.min(...members.map((b) => b.startMs)),
      endMs: Math.max(...members.map((b) => b.endMs)),
      callIds: members.map((b) => b.callId),
      status: worstOf(members),
    };
  });
}
