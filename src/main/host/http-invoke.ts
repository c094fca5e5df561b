// POST /invoke/{fn_id} and any method on /t/{app}{source}: a sync call answered with the function's reply as it
// arrives (headers kept as lists, so two Set-Cookie stay two), or with `Fn-Invoke-Type: detached` a 202 at once
// and a run later from the queue.
import type { CallOutcome } from '../core/call-types';
import type { CallService } from './call-service';
import type { DetachedQueue } from './detached-queue';
import type { HostRequest, HostResponse } from './http-types';
import { json } from './http-types';
import { type InvocationGate, type InvokeTarget, replyHeadOf } from './invocation';

export interface InvokeDeps {
  gate: InvocationGate;
  calls: CallService;
  queue: DetachedQueue;
}

/** Seconds a 503 asks the caller to wait before trying again. */
const RETRY_AFTER_S = '5';

export async function invoke(d: InvokeDeps, req: HostRequest, target: InvokeTarget): Promise<HostResponse> {
  const inv = await d.gate.fromRequest(req, target);
  const callId = { 'Fn-Call-Id': inv.id };
  if (inv.type === 'detached') {
    d.queue.enqueue(d.calls.newRecord(inv), inv.body);
    const accepted = json(202, { call_id: inv.id });
    return { ...accepted, headers: { ...accepted.headers, ...callId } };
  }
  const handle = d.calls.start(inv);
  // A streamed reply answers as soon as its head is known; the record is finished when the call ends.
  const reply = await handle.reply;
  if (reply) {
    const head = replyHeadOf(inv, reply);
    return { status: head.status, headers: { ...head.headers, ...callId }, body: reply.body };
  }
  return failureResponse(await handle.outcome, callId);
}

function failureResponse(o: CallOutcome, callId: Record<string, string>): HostResponse {
  const res = json(o.http_status ?? 500, { message: o.error ?? o.status });
  const retry: Record<string, string> = o.http_status === 503 ? { 'Retry-After': RETRY_AFTER_S } : {};
  return { ...res, headers: { ...res.headers, ...callId, ...retry } };
}
