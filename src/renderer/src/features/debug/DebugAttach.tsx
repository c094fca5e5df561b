// Where a debugger attaches to a container in debug mode, for the containers view.
import { debugAttachText } from '../../../../shared/fn-debug';

export function DebugAttach({ address, engineHost }: { address: string; engineHost?: string }) {
  return (
    <span className="debug-attach" data-testid="container-debug-address" title="Attach your debugger here">
      {engineHost ? (
        debugAttachText(address, engineHost)
      ) : (
        <>
          attach to <code>{address}</code>
        </>
      )}
    </span>
  );
}
