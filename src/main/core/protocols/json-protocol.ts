// Fn's `json` format: one JSON object per call on stdin (newline-terminated), one JSON object back on stdout.
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import type { CallOptions } from '../call-types';
import { checkHeader } from './http-protocol';
import {
  type HotProtocol,
  normalizeHeaders,
  ProtocolError,
  type ProtocolReply,
  type ReplyReader,
  rfc3339,
} from './protocol';

const replySchema = z.object({
  body: z.string({ error: 'body must be a string' }).optional(),
  content_type: z.string().optional(),
  protocol: z
    .object({
      status_code: z.number().int().min(100).max(599).optional(),
      headers: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

function contentTypeOf(headers: Record<string, string[]>): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'content-type');
  return key ? (headers[key][0] ?? '') : '';
}

export const jsonProtocol: HotProtocol = {
  encode(call: CallOptions, deadline: Date): Buffer {
    const msg = {
      call_id: call.id,
      deadline: rfc3339(deadline),
      body: call.body.toString('utf8'),
      content_type: contentTypeOf(call.headers),
      protocol: { type: 'http', method: call.method, request_url: call.url, headers: call.headers },
    };
    return Buffer.from(JSON.stringify(msg) + '\n');
  },
  newReader: () => new JsonReplyReader(),
};

/** Finds the end of one JSON object in a stream, honouring strings and escapes, then validates it. */
class JsonReplyReader implements ReplyReader {
  private text = '';
  // A multi-byte character may be split across two reads: the decoder holds its first bytes until the rest arrive.
  private readonly decoder = new StringDecoder('utf8');
  private scanned = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;

  push(chunk: Buffer): ProtocolReply | undefined {
    this.text += this.decoder.write(chunk);
    // Fast path: the usual reply arrives whole, as one line; JSON.parse alone tells us it is one complete object.
    if (this.scanned === 0 && this.text.endsWith('\n')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(this.text);
      } catch {
        parsed = undefined;
      }
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return toReply(parsed);
    }
    for (; this.scanned < this.text.length; this.scanned++) {
      const ch = this.text[this.scanned];
      if (!this.started) {
        if (/\s/.test(ch)) continue;
        if (ch !== '{')
          throw new ProtocolError(
            `invalid json reply: expected a JSON object, got ${JSON.stringify(this.text.slice(0, 40))}`,
          );
        this.started = true;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') this.inString = false;
        continue;
      }
      if (ch === '"') this.inString = true;
      else if (ch === '{' || ch === '[') this.depth++;
      else if (ch === '}' || ch === ']') {
        this.depth--;
        if (this.depth === 0) return this.finish(this.scanned + 1);
      }
    }
    return undefined;
  }

  private finish(end: number): ProtocolReply {
    const rest = this.text.slice(end);
    if (rest.trim() !== '')
      throw new ProtocolError(
        `invalid json reply: unexpected bytes after the JSON object: ${JSON.stringify(rest.slice(0, 40))}`,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.text.slice(0, end));
    } catch (err) {
      throw new ProtocolError(`invalid json reply: ${(err as Error).message}`);
    }
    return toReply(parsed);
  }
}

function toReply(parsed: unknown): ProtocolReply {
  const r = replySchema.safeParse(parsed);
  if (!r.success) {
    throw new ProtocolError(
      `invalid json reply: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  let headers: Record<string, string[]>;
  try {
    headers = normalizeHeaders(r.data.protocol?.headers ?? {});
  } catch (err) {
    throw new ProtocolError(`invalid json reply: ${(err as Error).message}`);
  }
  if (r.data.content_type && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = [r.data.content_type];
  }
  for (const [name, values] of Object.entries(headers)) {
    for (const value of values) checkHeader(name, value, 'invalid json reply');
  }
  return {
    status: r.data.protocol?.status_code ?? 200,
    headers,
    body: Buffer.from(r.data.body ?? '', 'utf8'),
  };
}
