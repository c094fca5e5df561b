// POST /invoke/{fn_id} and any method on /t/{app}{source}: a sync call answered with the function's reply as it
// arrives (headers kept as lists, so two Set-Cookie stay two), or with `Fn-Invoke-Type: detached` a 202 at once
// and a run later from the queue.
import type { CallService } from './call-service';
import type { DetachedQueue } from './detached-queue';
import { failureReply } from './failure-reply';
import type { HostRequest, HostResponse } from './http-types';
import { json } from './http-types';
import { type InvocationGate, type InvokeTarget, replyHeadOf } from './invocation';

export interface InvokeDeps {
  gate: InvocationGate;
  calls: CallService;
  queue: DetachedQueue;
}

export async function invoke(d: InvokeDeps, req: HostRequest, target: InvokeTarget): Promise<HostResponse> {
  const inv = await d.gate.fromRequest(req, target);
  if (inv.type === 'detached') {
    d.queue.enqueue(d.calls.newRecord(inv), inv.body);
    const accepted = json(202, { call_id: inv.id });
    return { ...accepted, headers: { ...accepted.headers, 'Fn-Call-Id': inv.id } };
  }
  const handle = d.calls.start(inv);
  // A streamed reply answers as soon as its head is known; the record is finished when the call ends.
  const reply = await handle.reply;
  if (reply) {
    const head = replyHeadOf(inv, reply);
    // Copied key by key: a spread of headers (names that vary from call to call) took V8's slow path.
    const headers: HostResponse['headers'] = {};
    for (const k in head.headers) headers[k] = head.headers[k];
    headers['Fn-Call-Id'] = inv.id;
    return { status: head.status, headers, body: reply.body };
  }
  // The same reply CallService records for the call (failure-reply.ts).
  return failureReply(await handle.outcome, inv.id);
}
