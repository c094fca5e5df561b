// What a waiting call waits for, in a sentence; a memory wait also gets the Memory view's sentence about who holds
// the pool, and a wait at the concurrency cap the function's cap, so the reason is the same wherever the call is shown.
import { shapingOf } from '../../../../shared/fn-shaping';
import type { WaitReason } from '../../../../shared/models';
import { waitSentence } from '../../../../shared/wait-reasons';
import { useStudio } from '../../store/store-context';
import { explainWaiting } from './ram-explain';
import { selectContainers, selectLastRamSample } from './ram-selectors';

export function WaitExplanation({
  reason,
  testId,
  fnId,
}: {
  reason: WaitReason;
  testId: string;
  /** The waiting call's function, whose cap a wait at the concurrency cap names. */
  fnId?: string;
}) {
  const sample = useStudio(selectLastRamSample);
  const containers = useStudio(selectContainers);
  const cap = useStudio((s) => {
    const fn = fnId === undefined ? undefined : s.fns.find((f) => f.id === fnId);
    return fn ? shapingOf(fn.annotations).max_concurrency : undefined;
  });
  return (
    <span data-testid={testId} data-reason={reason}>
      {waitSentence(reason)}
      {reason === 'memory' && <> {explainWaiting(sample, containers)}</>}
      {reason === 'concurrency' && cap !== undefined && <> Its cap: {cap} at once.</>}
    </span>
  );
}
