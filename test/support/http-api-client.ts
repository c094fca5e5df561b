// The HTTP API as tests call it: one request helper whose replies keep every header value and carry typed bodies.
import { type IncomingMessage, request as httpRequest } from 'node:http';
import type { AppInput, FnInput, TriggerInput } from '../../src/shared/api-contract';
import type { AgentStats } from '../../src/main/core/agent';
import type { ContainerDetail } from '../../src/shared/container-detail';
import type { App, CallRecord, ContainerInfo, Fn, HostStatus, Trigger } from '../../src/shared/models';
import type { SettingsPatch, SettingsView } from '../../src/shared/settings';

export interface ApiReply<T> {
  status: number;
  /** Every header by lower-case name, each value apart: two Set-Cookie headers are two entries. */
  headers: Record<string, string[]>;
  text: string;
  /** The parsed JSON when the reply is JSON, else the text (then ask for `string`). */
  body: T;
}

/** The body of every error reply (DESIGN.md §3). */
export interface ErrorBody {
  message: string;
}

/** One page of a list endpoint. */
export interface Page<T> {
  items: T[];
  next_cursor?: string;
}

export interface RequestOptions {
  /** A string or Buffer is sent as it is; anything else as JSON, with `Content-Type: application/json`. */
  body?: unknown;
  /** May set Host or Origin, which fetch would not allow; a list sends the header once per value. */
  headers?: Record<string, string | string[]>;
}

/** A reply with a status the test did not expect: says what was sent and what came back. */
export class ApiStatusError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reply: ApiReply<unknown>,
  ) {
    super(`${method} ${path} → ${reply.status} ${reply.text}`);
  }
}

export class HttpApiClient {
  /** The base URL, e.g. http://127.0.0.1:PORT, or a function giving it once the server has started. */
  constructor(private readonly base: string | (() => string)) {}

  get baseUrl(): string {
    return typeof this.base === 'string' ? this.base : this.base();
  }

  /** Sends one request and answers whatever the status. */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiReply<T>> {
    const json = opts.body !== undefined && typeof opts.body !== 'string' && !Buffer.isBuffer(opts.body);
    const payload = json ? JSON.stringify(opts.body) : (opts.body as string | Buffer | undefined);
    const url = new URL(path, this.baseUrl);
    // A fresh connection per request: a kept-alive one the server is closing would fail a test by timing.
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(url, {
        method,
        agent: false,
        headers: {
          ...(json ? { 'Content-Type': 'application/json' } : {}),
          ...opts.headers,
        },
      });
      req.on('response', resolve).on('error', reject).end(payload);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const isJson = /json/.test(res.headers['content-type'] ?? '') && text !== '';
    return {
      status: res.statusCode ?? 0,
      headers: res.headersDistinct as Record<string, string[]>,
      text,
      body: (isJson ? JSON.parse(text) : text) as T,
    };
  }

  /** Invokes a function with a text body, as curl would; answers whatever the status. */
  invoke<T = unknown>(
    fnId: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<ApiReply<T>> {
    return this.request<T>('POST', `/invoke/${fnId}`, {
      body,
      headers: { 'Content-Type': 'text/plain', ...headers },
    });
  }

  /** Sends one request and answers its body; throws ApiStatusError unless the status is `status` (default: any 2xx). */
  async ok<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    opts: { status?: number } = {},
  ): Promise<T> {
    const reply = await this.request<T>(method, path, { body });
    const expected =
      opts.status === undefined ? reply.status >= 200 && reply.status < 300 : reply.status === opts.status;
    if (!expected) throw new ApiStatusError(method, path, reply);
    return reply.body;
  }

  createApp = (input: AppInput) => this.ok<App>('POST', '/v2/apps', input);
  createFn = (input: FnInput) => this.ok<Fn>('POST', '/v2/fns', input);
  createTrigger = (input: TriggerInput) => this.ok<Trigger>('POST', '/v2/triggers', input);
  getCall = (id: string) => this.ok<CallRecord>('GET', `/v2/calls/${id}`);
  listCalls = (query: Record<string, string | number> = {}) =>
    this.ok<Page<CallRecord>>('GET', `/v2/calls?${new URLSearchParams(stringValues(query))}`);
  /** Every call the query selects, following next_cursor page by page. */
  async allCalls(query: Record<string, string | number> = {}): Promise<CallRecord[]> {
    const out: CallRecord[] = [];
    for (let cursor = ''; ;) {
      const page = await this.listCalls({ per_page: 100, ...query, ...(cursor ? { cursor } : {}) });
      out.push(...page.items);
      if (!page.next_cursor) return out;
      cursor = page.next_cursor;
    }
  }
  listContainers = async () => (await this.ok<Page<ContainerInfo>>('GET', '/v2/containers')).items;
  /** One container's details; secret values masked unless `reveal`. */
  getContainer = (id: string, reveal = false) =>
    this.ok<ContainerDetail>('GET', `/v2/containers/${id}${reveal ? '?reveal=1' : ''}`);
  stats = () => this.ok<AgentStats & { detached_queued: number }>('GET', '/v2/stats');
  status = () => this.ok<HostStatus>('GET', '/v2/status');
  updateSettings = (patch: SettingsPatch) => this.ok<SettingsView>('PUT', '/v2/settings', patch);
}

const stringValues = (query: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]));
