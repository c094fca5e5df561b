// Serves the built web UI (out/renderer) with a strict Content-Security-Policy.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { HostResponse } from './http-types';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function serveStatic(root: string, urlPath: string): Promise<HostResponse> {
  const clean = decodeURIComponent(urlPath.split('?')[0]);
  const rel = clean === '/' ? 'index.html' : clean.slice(1);
  const file = normalize(join(root, rel));
  if (!file.startsWith(normalize(root) + sep)) return { status: 404, headers: {}, body: 'not found' };
  try {
    const body = await readFile(file);
    return {
      status: 200,
      headers: {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
      body,
    };
  } catch {
    if (rel === 'index.html') {
      return {
        status: 500,
        headers: { 'Content-Type': 'text/plain' },
        body: 'the web UI is not built: run `npm run build`',
      };
    }
    return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'not found' };
  }
}
