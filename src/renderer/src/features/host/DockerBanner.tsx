// The alert shown while the host cannot reach the Docker Engine: where it looked, why it failed, what to do.
import { useStudio } from '../../store/store-context';
import { selectDockerProblem } from '../../store/selectors';

export function DockerBanner() {
  const docker = useStudio(selectDockerProblem);
  if (!docker) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="docker-banner">
      <strong>
        Docker not reachable at {docker.endpoint}
        {docker.message ? `: ${docker.message}` : ''}
      </strong>
      <span className="banner-hint">
        Start Docker (Docker Desktop, Podman or dockerd), or set DOCKER_HOST to your engine&apos;s address.
      </span>
    </div>
  );
}
