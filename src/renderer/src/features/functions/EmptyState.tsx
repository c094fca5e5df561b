// What the sidebar says before any function exists: what a function is here, the first step, or the examples.
import { useStudio } from '../../store/store-context';

export function EmptyState() {
  const busy = useStudio((s) => s.examplesBusy);
  const error = useStudio((s) => s.examplesError);
  const loadExamples = useStudio((s) => s.loadExamples);
  const openNewFnForm = useStudio((s) => s.openNewFnForm);
  return (
    <div className="fns-empty" data-testid="fns-empty">
      <p>
        <strong>No functions yet.</strong> A function is a Docker image that reads a request and writes a
        response; Fn Studio runs it in containers on your Docker Engine and shows every call.
      </p>
      <ol>
        <li>
          Register a function: give it an app (created if new), a name and an image. An image that is not on
          this engine yet can be pulled, or built from a folder with a Dockerfile.
        </li>
        <li>Send it a request from the composer, and watch its containers and calls.</li>
      </ol>
      <button type="button" className="primary" data-testid="fns-empty-register" onClick={openNewFnForm}>
        Register a function
      </button>
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
