// Replaying the recorded fn CLI session (../shared/fn-api/cli-session.jsonl) against Fn Studio: the exchanges,
// a map from the recording's ids to ours, and a comparison of response shapes that ignores ids, dates and hosts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Exchange {
  n: number;
  session: string;
  tag: string;
  method: string;
  url: string;
  reqHeaders: string[];
  reqBody: string;
  status: number;
  resHeaders: string[];
  resBody: string;
}

export const RECORDING = join(__dirname, '..', 'fixtures', 'fn-api', 'cli-session.jsonl');

export function loadRecording(path = RECORDING): Exchange[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Exchange);
}

export function header(lines: string[], name: string): string | undefined {
  const prefix = `${name.toLowerCase()}:`;
  const line = lines.find((l) => l.toLowerCase().startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

/** Recorded ids (and the recorded host) → ours, learnt from pairs of responses. */
export class IdMap {
  private readonly ids = new Map<string, string>();
  constructor(
    private readonly recordedHost: string,
    private readonly ourHost: string,
  ) {}

  /** Walks a recorded and our JSON side by side; every `id`-like string pair becomes a mapping. */
  learn(recorded: unknown, ours: unknown): void {
    if (Array.isArray(recorded) && Array.isArray(ours)) {
      recorded.forEach((r, i) => this.learn(r, ours[i]));
    } else if (isObject(recorded) && isObject(ours)) {
      for (const [k, v] of Object.entries(recorded)) {
        if (/^(id|app_id|fn_id|call_id)$/.test(k) && typeof v === 'string' && typeof ours[k] === 'string')
          this.ids.set(v, ours[k] as string);
        else this.learn(v, ours[k]);
      }
    }
  }

  /** The recording's text with its ids and host replaced by ours. */
  apply(text: string): string {
    let out = text.split(this.recordedHost).join(this.ourHost);
    for (const [from, to] of this.ids) out = out.split(from).join(to);
    return out;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const emptyMap = (v: unknown) =>
  v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0);
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
/** Values that differ run to run: compared by form, not by value. */
const VOLATILE = new Set([
  'id',
  'app_id',
  'fn_id',
  'created_at',
  'updated_at',
  'next_cursor',
  'message',
  'version',
]);

/**
 * Differences between a recorded response body (ids already mapped to ours) and ours, as readable paths.
 * Maps that are null, {} or absent count as the same; fields we add (format, network) are allowed.
 */
export function shapeDiff(recorded: unknown, ours: unknown, path = '$'): string[] {
  if (isObject(recorded) || isObject(ours)) {
    if (emptyMap(recorded) && emptyMap(ours)) return [];
    if (!isObject(recorded) || !isObject(ours))
      return [`${path}: ${JSON.stringify(recorded)} vs ${JSON.stringify(ours)}`];
    const out: string[] = [];
    for (const [k, v] of Object.entries(recorded)) {
      if (!(k in ours) && !emptyMap(v)) out.push(`${path}.${k}: missing`);
      else if (VOLATILE.has(k)) {
        const o = ours[k];
        if (typeof v !== typeof o) out.push(`${path}.${k}: ${typeof v} vs ${typeof o}`);
        else if (k.endsWith('_at') && typeof o === 'string' && !DATE.test(o))
          out.push(`${path}.${k}: not RFC 3339: ${o}`);
      } else out.push(...shapeDiff(v, ours[k], `${path}.${k}`));
    }
    return out;
  }
  if (Array.isArray(recorded) && Array.isArray(ours)) {
    if (recorded.length !== ours.length) return [`${path}: ${recorded.length} items vs ${ours.length}`];
    return recorded.flatMap((r, i) => shapeDiff(r, ours[i], `${path}[${i}]`));
  }
  return recorded === ours ? [] : [`${path}: ${JSON.stringify(recorded)} vs ${JSON.stringify(ours)}`];
}
