// Runs invocations through the agent and keeps their call records and logs (in memory until the durable store).
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { App, CallRecord, Fn } from '../../shared/models';
import type { Agent } from '../core/agent';
import { CallLog } from '../core/call-log';
import { getCall } from '../core/get-call';
import type { CallOutcome } from '../core/call-types';
import type { EventHub } from './event-hub';
import type { ResponseSink } from '../core/protocols/http-stream';
import type { BodyTap } from './body-tap';

export const BODY_KEEP_BYTES = 64 * 1024;
const MAX_RECORDS = 10_000;

export interface InvokeRequest {
  /** The call id, when the caller needs it before the call ends (e.g. for a streamed reply's header). */
  id?: string;
  method: string;
  url: string;
  headers: Record<string, string[]>;
  body: Buffer;
  /** The body as it arrives (http-stream); the record keeps its start once the call ends. */
  bodyStream?: BodyTap;
  signal: AbortSignal;
  onResponse?: ResponseSink;
}

/** What a record keeps of a body: its first 64 KiB; `size` is the whole body's when only its start is at hand. */
function keep(body: Buffer, size = body.length): { body: string; body_truncated: boolean } {
  return {
    body: body.subarray(0, BODY_KEEP_BYTES).toString('utf8'),
    body_truncated: size > BODY_KEEP_BYTES,
  };
}

export class CallService {
  private readonly records = new Map<string, CallRecord>();
  private readonly logs = new Map<string, CallLog>();

  constructor(
    private readonly agent: Agent,
    private readonly events: EventHub,
  ) {}

  async invoke(app: App, fn: Fn, req: InvokeRequest): Promise<{ record: CallRecord; outcome: CallOutcome }> {
    const record: CallRecord = {
      id: req.id ?? newId(),
      fn_id: fn.id,
      app_id: app.id,
      type: 'sync',
      status: 'queued',
      created_at: new Date().toISOString(),
      timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 0, exec_ms: 0 },
      request: { method: req.method, url: req.url, headers: req.headers, ...keep(req.body) },
    };
    const log = new CallLog();
    log.onLine((line) => this.events.logLine(record.id, line));
    this.store(record, log);
    this.events.publish('call', record);

    const outcome = await this.agent.submit(
      getCall({
        id: record.id,
        app,
        fn,
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: req.body,
        bodyStream: req.bodyStream,
      }),
      {
        signal: req.signal,
        log,
        onResponse: req.onResponse,
        onStart: ({ container_id, start_kind }) => {
          Object.assign(record, {
            status: 'running',
            container_id,
            start_kind,
            started_at: new Date().toISOString(),
          });
          this.events.publish('call', record);
        },
      },
    );
    Object.assign(record, {
      status: outcome.status,
      http_status: outcome.http_status,
      error: outcome.error,
      container_id: outcome.container_id,
      start_kind: outcome.start_kind,
      started_at: outcome.started_at,
      completed_at: outcome.completed_at,
      timings: outcome.timings,
      response:
        outcome.status === 'success'
          ? {
              status: outcome.http_status ?? 200,
              headers: outcome.headers,
              ...keep(outcome.body, outcome.streamed_bytes),
            }
          : undefined,
    });
    if (req.bodyStream)
      record.request = { ...record.request, ...keep(req.bodyStream.start(), req.bodyStream.size) };
    this.events.flushLogs();
    this.events.publish('call', record);
    return { record, outcome };
  }

  private store(record: CallRecord, log: CallLog): void {
    this.records.set(record.id, record);
    this.logs.set(record.id, log);
    // Oldest first out: Map iteration order is insertion order.
    while (this.records.size > MAX_RECORDS) {
      const oldest = this.records.keys().next().value as string;
      this.records.delete(oldest);
      this.logs.delete(oldest);
    }
  }

  list(filter: { fn_id?: string; app_id?: string; status?: string } = {}): CallRecord[] {
    return [...this.records.values()]
      .filter(
        (r) =>
          (!filter.fn_id || r.fn_id === filter.fn_id) &&
          (!filter.app_id || r.app_id === filter.app_id) &&
          (!filter.status || r.status === filter.status),
      )
      .reverse();
  }

  get(id: string): CallRecord {
    const r = this.records.get(id);
    if (!r) throw new ApiError('not_found', `call ${id} not found`);
    return r;
  }

  /** Cancels a queued or running call; 409 when it has already ended. */
  cancel(id: string): void {
    const r = this.get(id);
    if (!this.agent.cancel(id)) throw new ApiError('conflict', `call ${id} has already ended (${r.status})`);
  }

  logText(id: string): string {
    this.get(id);
    return this.logs.get(id)?.text() ?? '';
  }
}
