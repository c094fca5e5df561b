// What the sidebar says before any function exists: how to make one, or load the examples in one click.
import { useStudio } from '../../store/store-context';

export function EmptyState() {
  const busy = useStudio((s) => s.examplesBusy);
  const error = useStudio((s) => s.examplesError);
  const loadExamples = useStudio((s) => s.loadExamples);
  return (
    <div className="fns-empty" data-testid="fns-empty">
      <p>
        <strong>No functions yet.</strong> Register one with the form above: an app name, a function name and
        a Docker image that reads a request and writes a response.
      </p>
      <p>
        Or start from the examples in <code>resources/examples</code> (<code>hello-shell</code>,{' '}
        <code>echo-node-fdk</code>, <code>json-python</code>): they are registered in an app{' '}
        <code>examples</code> and their images are built here. The builds pull public base images, so without
        network they fail with Docker&apos;s own message.
      </p>
      <button type="button" data-testid="load-examples" disabled={busy} onClick={() => void loadExamples()}>
        {busy ? 'Loading the examples…' : 'Load the examples'}
      </button>
      {error && (
        <p className="inline-error" role="alert" data-testid="examples-error">
          {error}
        </p>
      )}
    </div>
  );
}
