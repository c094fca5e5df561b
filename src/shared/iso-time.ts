// Timestamps in ISO 8601 (UTC, as Date#toISOString writes them), made several times per call: the part up to the
// second is kept for the few seconds calls ask about, which costs about an eighth of a Date and its toISOString.

/** `YYYY-MM-DDTHH:MM:SS` by second since the epoch. A call asks for a few different seconds (now, its deadline, its
 *  container's idle deadline), so a few are kept; past the bound the cache starts over. */
const heads = new Map<number, string>();
const HEADS_MAX = 64;

function headOf(second: number): string {
  let head = heads.get(second);
  if (head === undefined) {
    // Its own Date for anything this shortcut does not write the same way (years past 9999, not a number).
    const iso = new Date(second * 1000).toISOString();
    if (iso.length !== 24) return '';
    if (heads.size >= HEADS_MAX) heads.clear();
    head = iso.slice(0, 19);
    heads.set(second, head);
  }
  return head;
}

/** What `new Date(ms).toISOString()` gives: `2026-12-04T21:22:45.123Z`. */
export function isoTime(ms: number): string {
  const t = Math.floor(ms);
  const second = Math.floor(t / 1000);
  const h = headOf(second);
  if (!h) return new Date(t).toISOString();
  const milli = t - second * 1000;
  return `${h}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** The same to the second, without a fraction: `2026-12-04T21:22:45Z` (RFC 3339, as Fn writes deadlines). */
export function isoSeconds(ms: number): string {
  const h = headOf(Math.floor(ms / 1000));
  return h ? `${h}Z` : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
