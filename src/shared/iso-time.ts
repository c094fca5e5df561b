// Timestamps in ISO 8601 (UTC, as Date#toISOString writes them), made several times per call: the part up to the
// second is kept and reused within that second, which costs about an eighth of a Date and its toISOString.

let second = NaN;
/** `YYYY-MM-DDTHH:MM:SS` of `second`. */
let head = '';

function headOf(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s !== second) {
    // Its own Date for anything this shortcut does not write the same way (years past 9999, not a number).
    const iso = new Date(s * 1000).toISOString();
    if (iso.length !== 24) return '';
    second = s;
    head = iso.slice(0, 19);
  }
  return head;
}

/** What `new Date(ms).toISOString()` gives: `2026-12-04T21:22:45.123Z`. */
export function isoTime(ms: number): string {
  const t = Math.floor(ms);
  const h = headOf(t);
  if (!h) return new Date(t).toISOString();
  const milli = t - second * 1000;
  return `${h}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** The same to the second, without a fraction: `2026-12-04T21:22:45Z` (RFC 3339, as Fn writes deadlines). */
export function isoSeconds(ms: number): string {
  const h = headOf(Math.floor(ms));
  return h ? `${h}Z` : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
