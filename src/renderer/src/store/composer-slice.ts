// Composer slice: the request body, sending it to the selected function, and the response with its call record and log.
import type { CallRecord } from '../../../shared/models';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface ComposerResult {
  fnId: string;
  status: number;
  durationMs: number;
  body: string;
  callId: string | null;
  call: CallRecord | null;
  /** The stored log, split into lines; null until fetched. */
  log: string[] | null;
  /** Why the call record or log could not be fetched (the response itself still stands). */
  detailError: string | null;
}

export interface ComposerSlice {
  body: string;
  sending: boolean;
  sendError: string | null;
  result: ComposerResult | null;
  setBody(body: string): void;
  send(): Promise<void>;
}

export const CALL_ID_HEADER = 'fn-call-id';

// Header names arrive in whatever case the host's HTTP layer used; HTTP says they are case-insensitive.
export function headerValue(headers: Record<string, string>, name: string): string | null {
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? null : (headers[key] ?? null);
}

export function splitLogLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const createComposerSlice: SliceCreator<ComposerSlice> = (api) => (set, get) => {
  // Each send gets a number so a slow earlier reply cannot overwrite a newer one.
  let latest = 0;

  const fetchDetails = async (seq: number, callId: string) => {
    const [call, log] = await Promise.allSettled([
      api.getCall({ call_id: callId }),
      api.getCallLog({ call_id: callId }),
    ]);
    const current = get().result;
    if (seq !== latest || !current) return;
    const failed = [call, log].find((r) => r.status === 'rejected');
    set({
      result: {
        ...current,
        call: call.status === 'fulfilled' ? call.value : current.call,
        log: log.status === 'fulfilled' ? splitLogLines(log.value) : current.log,
        detailError: failed ? `Could not load the call details: ${errorMessage(failed.reason)}` : null,
      },
    });
    if (call.status === 'fulfilled') get().upsertCall(call.value);
  };

  return {
    body: '',
    sending: false,
    sendError: null,
    result: null,
    setBody(body) {
      set({ body });
    },
    async send() {
      const fnId = get().selectedFnId;
      if (!fnId || get().sending) return;
      const seq = ++latest;
      set({ sending: true, sendError: null });
      try {
        const response = await api.sendHttp({
          method: 'POST',
          path: `/invoke/${encodeURIComponent(fnId)}`,
          headers: { 'Content-Type': 'text/plain' },
          body: get().body,
        });
        if (seq !== latest) return;
        const callId = headerValue(response.headers, CALL_ID_HEADER);
        set({
          sending: false,
          result: {
            fnId,
            status: response.status,
            durationMs: response.duration_ms,
            body: response.body,
            callId,
            call: null,
            log: null,
            detailError: null,
          },
        });
        if (callId) await fetchDetails(seq, callId);
      } catch (err) {
        if (seq === latest) set({ sending: false, sendError: errorMessage(err), result: null });
      }
    },
  };
};
