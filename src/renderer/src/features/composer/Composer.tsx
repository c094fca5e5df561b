// The request composer for the selected function: a body, Send (or Ctrl+Enter), then the response and the call's log.
import type { KeyboardEvent } from 'react';
import { selectSelectedFn } from '../../store/selectors';
import { useStudio } from '../../store/store-context';
import { CallLog } from './CallLog';
import { ResponsePanel } from './ResponsePanel';

export function Composer() {
  const fn = useStudio(selectSelectedFn);
  const body = useStudio((s) => s.body);
  const sending = useStudio((s) => s.sending);
  const sendError = useStudio((s) => s.sendError);
  const setBody = useStudio((s) => s.setBody);
  const send = useStudio((s) => s.send);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Cmd+Enter too, for macOS users who expect it.
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <section className="composer" aria-label="Composer">
      <header className="composer-head">
        <h2>{fn ? fn.name : 'No function selected'}</h2>
        {fn && (
          <code className="muted">
            POST /invoke/{fn.id} · {fn.image} · {fn.format}
          </code>
        )}
      </header>
      <label htmlFor="composer-body">Request body</label>
      <textarea
        id="composer-body"
        data-testid="composer-body"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
        rows={6}
        spellCheck={false}
        placeholder={fn ? 'Body sent as text/plain' : 'Register or select a function first'}
      />
      <div className="composer-actions">
        <button
          type="button"
          className="primary"
          data-testid="composer-send"
          disabled={!fn || sending}
          onClick={() => void send()}
        >
          {sending ? 'Sending…' : 'Send'}
        </button>
        <span className="muted">Ctrl+Enter</span>
      </div>
      {sendError && (
        <p className="inline-error" role="alert" data-testid="send-error">
          {sendError}
        </p>
      )}
      <ResponsePanel />
      <CallLog />
    </section>
  );
}
