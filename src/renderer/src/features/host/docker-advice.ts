// What to start or check when the Docker Engine cannot be reached, for this platform and the endpoint the host tried.
export type Platform = 'linux' | 'mac' | 'windows';

/** The platform of the machine showing the UI (the host runs on the same machine, or the browser's is a good guess). */
export function detectPlatform(userAgent: string): Platform {
  if (/Windows/i.test(userAgent)) return 'windows';
  if (/Mac OS X|Macintosh/i.test(userAgent)) return 'mac';
  return 'linux';
}

/** The steps, most likely first, each a sentence. */
export function dockerAdvice(endpoint: string, platform: Platform): string[] {
  const steps: string[] = [];
  const remote = /^(tcp|ssh|https?):\/\//.test(endpoint);
  if (platform === 'linux') {
    steps.push('Start the Docker service: sudo systemctl start docker (or run dockerd).');
  } else {
    steps.push(
      `Start Docker Desktop${platform === 'mac' ? ' (or Colima, OrbStack)' : ''} and wait until it says it is running.`,
    );
  }
  steps.push(
    platform === 'linux'
      ? 'Using Podman? Start its socket: systemctl --user start podman.socket, and point DOCKER_HOST at it.'
      : 'Using Podman? Run podman machine start, and point DOCKER_HOST at its socket.',
  );
  if (remote) {
    steps.push(
      `Check that an engine listens at ${endpoint}: DOCKER_HOST or the docker_host setting points there.`,
    );
  } else {
    steps.push(
      'Check DOCKER_HOST and the docker_host setting (Settings): empty means the platform’s default socket.',
    );
  }
  if (platform === 'linux' && !remote) {
    steps.push('Permission denied? Add your user to the docker group, then log in again.');
  }
  return steps;
}
