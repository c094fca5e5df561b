// The alert shown while this page cannot talk to the Fn Studio host (no token, connection lost, host down).
import { useStudio } from '../../store/store-context';
import { selectConnectionProblem } from '../../store/selectors';

export function ConnectionBanner() {
  const problem = useStudio(selectConnectionProblem);
  if (!problem) return null;
  return (
    <div className="banner banner-warning" role="alert" data-testid="connection-banner">
      {problem}
    </div>
  );
}
