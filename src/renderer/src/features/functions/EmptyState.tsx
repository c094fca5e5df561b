// What the sidebar says before any function exists: how to make one, and where the examples are.
export function EmptyState() {
  return (
    <div className="fns-empty" data-testid="fns-empty">
      <p>
        <strong>No functions yet.</strong> Register one with the form above: an app name, a function name and
        a Docker image that reads a request and writes a response.
      </p>
      <p>
        Or start from an example in <code>resources/examples</code> (<code>hello-shell</code>,{' '}
        <code>echo-node-fdk</code>, <code>json-python</code>): type a new image tag, press Check, then{' '}
        <em>Build from folder</em> with the example&apos;s folder. They build on public base images, so on a
        machine without network the build fails with Docker&apos;s own message.
      </p>
    </div>
  );
}
