// Calls a test decides the end of: the test functions' `until-file:PATH` mode holds a call until PATH exists in its
// container, and releaseHeld creates it there (docker exec), instead of guessing how long a sleep must be.
import Docker from 'dockerode';

export const HOLD = 'until-file:/tmp/release';

export async function releaseHeld(containerId: string, path = '/tmp/release'): Promise<void> {
  const exec = await new Docker().getContainer(containerId).exec({
    Cmd: ['/usr/local/bin/node', '-e', `require('fs').writeFileSync(${JSON.stringify(path)}, '')`],
  });
  const stream = await exec.start({});
  stream.resume();
  await new Promise((resolve) => stream.on('end', resolve));
}
