// A function's image state in the sidebar when it needs attention: missing, being pulled or built, or failed.
import { useStudio } from '../../store/store-context';

const WORDS = {
  missing: 'image missing',
  pulling: 'pulling image…',
  building: 'building image…',
  failed: 'image failed',
} as const;

export function ImageBadge({ image }: { image: string }) {
  const check = useStudio((s) => s.imageChecks[image]);
  if (!check || !(check.state in WORDS)) return null;
  const state = check.state as keyof typeof WORDS;
  return (
    <span
      className={`fn-badge image-badge image-badge-${state}`}
      data-testid="fn-image-badge"
      data-state={state}
      title={check.error ? `${image}: ${check.error}` : image}
    >
      {WORDS[state]}
      {check.error && <span className="fn-badge-error">{check.error}</span>}
    </span>
  );
}
