// Fn-style list pages: `per_page` (default 30, max 100) and an opaque `cursor`; no next_cursor on the last page.
import { ApiError } from '../../shared/errors';

export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

/** `per_page` (default 30, at most 100); anything but a positive integer is a 400. */
export function pageSize(query: URLSearchParams): number {
  const raw = query.get('per_page');
  const perPage = raw === null || raw === '' ? 30 : Number(raw);
  if (!Number.isInteger(perPage) || perPage < 1)
    throw new ApiError('invalid_input', 'per_page must be a positive integer');
  return Math.min(perPage, 100);
}

export function paginate<T>(items: T[], key: (item: T) => string, query: URLSearchParams): Page<T> {
  const size = pageSize(query);
  const cursor = query.get('cursor');
  let start = 0;
  if (cursor) {
    const after = Buffer.from(cursor, 'base64url').toString('utf8');
    start = items.findIndex((i) => key(i) > after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + size);
  const more = start + size < items.length;
  return more
    ? { items: page, next_cursor: Buffer.from(key(page[page.length - 1])).toString('base64url') }
    : { items: page };
}
