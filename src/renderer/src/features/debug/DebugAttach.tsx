// Where a debugger attaches to a container in debug mode, for the containers view.
export function DebugAttach({ address }: { address: string }) {
  return (
    <span className="debug-attach" data-testid="container-debug-address" title="Attach your debugger here">
      attach to <code>{address}</code>
    </span>
  );
}
