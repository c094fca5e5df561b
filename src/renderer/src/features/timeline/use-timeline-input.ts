// Pointer, wheel and keys on the timeline's lanes: drag or Shift+wheel moves in time, Ctrl+wheel zooms at the
// pointer, arrow keys move, + and − zoom, Home goes to the oldest retained moment and End back to live.
import { type KeyboardEvent, type PointerEvent, useEffect, useRef } from 'react';

export interface TimelineNav {
  /** Moves by a fraction of the window (negative = earlier). */
  pan(fraction: number): void;
  /** Zooms in (-1) or out (+1), keeping the moment at `at` (a fraction of the window) in place when given. */
  zoom(dir: -1 | 1, at?: number): void;
  oldest(): void;
  live(): void;
}

/** The share of the window one arrow key press moves; with Shift, half a window. */
const KEY_STEP = 0.1;

/**
 * The handlers for the lanes element `el`. `trackAt` turns a pointer's x into a fraction of the window (null outside
 * the tracks); `trackPx` is the tracks' width.
 */
export function useTimelineInput(
  el: HTMLElement | null,
  nav: TimelineNav,
  trackAt: (clientX: number) => number | null,
  trackPx: number,
) {
  // The wheel listener is added once per element and reads the latest callbacks from here.
  const latest = useRef({ nav, trackAt, trackPx });
  useEffect(() => {
    latest.current = { nav, trackAt, trackPx };
  });
  const drag = useRef<{ x: number; pointer: number } | null>(null);

  useEffect(() => {
    if (!el) return;
    // Not React's onWheel: that listener is passive, and a handled wheel must not also scroll or zoom the page.
    const onWheel = (e: WheelEvent) => {
      const { nav: n, trackAt: at, trackPx: px } = latest.current;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        n.zoom(e.deltaY < 0 ? -1 : 1, at(e.clientX) ?? undefined);
        return;
      }
      const sideways = Math.abs(e.deltaX) > Math.abs(e.deltaY);
      if (!e.shiftKey && !sideways) return; // a plain wheel still scrolls the page
      e.preventDefault();
      const delta = sideways ? e.deltaX : e.deltaY;
      n.pan(delta / Math.max(1, px));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [el]);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const step = e.shiftKey ? 0.5 : KEY_STEP;
    const act: Record<string, () => void> = {
      ArrowLeft: () => nav.pan(-step),
      ArrowRight: () => nav.pan(step),
      '+': () => nav.zoom(-1),
      '=': () => nav.zoom(-1),
      '-': () => nav.zoom(1),
      _: () => nav.zoom(1),
      Home: () => nav.oldest(),
      End: () => nav.live(),
    };
    const run = act[e.key];
    if (!run || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    run();
  };

  // Dragging the lanes (anywhere but on a call) moves the window with the pointer, like a map.
  const onPointerDown = (e: PointerEvent<HTMLElement>) => {
    if (e.button !== 0 || (e.target as Element).closest('button') || trackAt(e.clientX) === null) return;
    drag.current = { x: e.clientX, pointer: e.pointerId };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId || e.clientX === d.x) return;
    nav.pan(-(e.clientX - d.x) / Math.max(1, trackPx));
    d.x = e.clientX;
  };
  const onPointerUp = (e: PointerEvent<HTMLElement>) => {
    if (drag.current?.pointer !== e.pointerId) return;
    drag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
  };

  return { onKeyDown, onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp };
}
