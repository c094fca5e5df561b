// The alert shown while the host cannot reach the Docker Engine: where it looked, why it failed, what to start.
import { useStudio } from '../../store/store-context';
import { selectDockerProblem } from '../../store/selectors';
import { detectPlatform, dockerAdvice } from './docker-advice';

export function DockerBanner() {
  const docker = useStudio(selectDockerProblem);
  if (!docker) return null;
  const steps = dockerAdvice(docker.endpoint, detectPlatform(navigator.userAgent));
  return (
    <div
      className="banner banner-error"
      role="alert"
      aria-labelledby="docker-banner-title"
      data-testid="docker-banner"
    >
      <strong id="docker-banner-title">Docker not reachable at {docker.endpoint}</strong>
      {docker.message && (
        <span className="banner-hint" data-testid="docker-banner-error">
          The engine said: <code>{docker.message}</code>
        </span>
      )}
      <span className="banner-hint">
        Functions run as containers, so calls fail until the host reaches an engine:
      </span>
      <ul className="banner-steps" data-testid="docker-banner-steps">
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ul>
      <span className="banner-hint">
        The host retries on its own; this notice goes away once it reaches the engine.
      </span>
    </div>
  );
}
