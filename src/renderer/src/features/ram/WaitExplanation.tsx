// What a waiting call waits for, in a sentence; a memory wait also gets the Memory view's sentence about who holds
// the pool, so the reason is the same wherever the call is shown.
import type { WaitReason } from '../../../../shared/models';
import { waitSentence } from '../../../../shared/wait-reasons';
import { useStudio } from '../../store/store-context';
import { explainWaiting } from './ram-explain';
import { selectContainers, selectLastRamSample } from './ram-selectors';

export function WaitExplanation({ reason, testId }: { reason: WaitReason; testId: string }) {
  const sample = useStudio(selectLastRamSample);
  const containers = useStudio(selectContainers);
  return (
    <span data-testid={testId} data-reason={reason}>
      {waitSentence(reason)}
      {reason === 'memory' && <> {explainWaiting(sample, containers)}</>}
    </span>
  );
}
