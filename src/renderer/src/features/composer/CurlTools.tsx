// Copy as curl (the exact request the server will receive) and Import from curl into the draft.
import { useState } from 'react';
import { draftProblem, fromRequest, toRequest } from '../../store/composer-draft';
import { selectDraft } from '../../store/composer-selectors';
import { useStudio } from '../../store/store-context';
import type { StudioState } from '../../store/studio-state';
import { buildCurl, urlPath } from '../../store/composer-curl';
import { parseCurl } from '../../store/curl-import';

const selectApiUrl = (s: StudioState) => s.status?.api_url ?? null;
const selectImportDraft = (s: StudioState) => s.importDraft;

export function CurlTools() {
  const draft = useStudio(selectDraft);
  const apiUrl = useStudio(selectApiUrl);
  const importDraft = useStudio(selectImportDraft);
  const [command, setCommand] = useState<string | null>(null);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  if (!draft) return null;

  const copy = () => {
    const problem = draftProblem(draft) ?? (apiUrl ? null : 'the host has not said its API address yet');
    if (problem) {
      setError(problem);
      return;
    }
    const req = toRequest(draft);
    const text = buildCurl({
      method: req.method,
      url: `${apiUrl!.replace(/\/$/, '')}${req.path}`,
      headers: Object.entries(req.headers),
      body: req.body,
    });
    setError(null);
    setNote(null);
    setCommand(text);
    // The clipboard can be refused (no focus, no permission); the command stays visible to copy by hand.
    void navigator.clipboard?.writeText(text).catch(() => undefined);
  };

  const importCurl = () => {
    try {
      const parsed = parseCurl(pasted);
      const next = fromRequest({
        method: parsed.method,
        path: urlPath(parsed.url),
        headers: Object.fromEntries(parsed.headers),
        body: parsed.body,
      });
      // The composer follows the command to its function (and trigger), so what it shows is where it sends.
      const found = importDraft(next);
      setNote(
        found
          ? null
          : `${next.path} names no function registered here; it stays a custom path of this function.`,
      );
      setError(null);
      setCommand(null); // it was the previous draft's
      setPasted('');
    } catch (err) {
      setNote(null);
      setError(`Could not import: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <section className="panel curl-tools" aria-label="curl">
      <h3>curl</h3>
      <button type="button" data-testid="copy-curl" onClick={copy}>
        Copy as curl
      </button>
      {command && (
        <pre className="curl-command" data-testid="curl-command">
          {command}
        </pre>
      )}
      <label htmlFor="curl-import">Import from curl</label>
      <textarea
        id="curl-import"
        data-testid="curl-import"
        rows={3}
        spellCheck={false}
        value={pasted}
        placeholder="curl -X POST http://… -H 'Content-Type: application/json' -d '{…}'"
        onChange={(e) => setPasted(e.target.value)}
      />
      <button
        type="button"
        data-testid="curl-import-apply"
        disabled={pasted.trim() === ''}
        onClick={importCurl}
      >
        Import
      </button>
      {note && (
        <p className="field-hint" role="status" data-testid="curl-import-note">
          {note}
        </p>
      )}
      {error && (
        <p className="inline-error" role="alert" data-testid="curl-error">
          {error}
        </p>
      )}
    </section>
  );
}
