// Two calls side by side as line diffs: status, response headers, response body and timings.
import type { CallRecord } from '../../../shared/models';
import { diffLines, type DiffLine } from './composer-diff';
import { callDuration } from './call-filter';

export interface DiffSection {
  title: string;
  lines: DiffLine[];
  /** True when the two sides are the same (the section then shows folded). */
  same: boolean;
}

const statusText = (c: CallRecord) =>
  [
    `status: ${c.status}`,
    `http_status: ${c.http_status ?? '—'}`,
    `error_kind: ${c.error_kind ?? '—'}`,
    ...(c.error ? [`error: ${c.error}`] : []),
    `start: ${c.start_kind ?? '—'}`,
  ].join('\n');

// Header names sorted, so two calls that answered the same headers in another order show no difference.
const headersText = (c: CallRecord) =>
  Object.entries(c.response?.headers ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([name, values]) => values.map((v) => `${name}: ${v}`))
    .join('\n');

const bodyText = (c: CallRecord) => {
  if (!c.response) return '(no response)';
  return (
    c.response.body + (c.response.body_truncated ? '\n… (cut: the record keeps the beginning only)' : '')
  );
};

const timingsText = (c: CallRecord) =>
  [
    `total: ${callDuration(c)}`,
    `queue: ${c.timings.queue_ms} ms`,
    `resource wait: ${c.timings.resource_wait_ms} ms`,
    ...(c.timings.container_wait_ms !== undefined
      ? [`container wait: ${c.timings.container_wait_ms} ms`]
      : []),
    `launch: ${c.timings.launch_ms} ms`,
    `exec: ${c.timings.exec_ms} ms`,
  ].join('\n');

const SECTIONS: readonly [string, (c: CallRecord) => string][] = [
  ['Status', statusText],
  ['Response headers', headersText],
  ['Response body', bodyText],
  ['Timings', timingsText],
];

/** `left` is shown as removed (−), `right` as added (+). */
export function callDiff(left: CallRecord, right: CallRecord): DiffSection[] {
  return SECTIONS.map(([title, text]) => {
    const a = text(left);
    const b = text(right);
    return { title, lines: diffLines(a, b), same: a === b };
  });
}
