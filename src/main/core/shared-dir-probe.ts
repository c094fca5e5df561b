// Whether an engine sees this machine's folders: a container is created (never started) with a fresh folder made
// here bind-mounted; an engine elsewhere refuses it as a missing path. Nothing runs, and the container is removed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';

const MISSING_SOURCE =
  /bind source path does not exist|no such file or directory|not a directory|invalid mount/i;

export async function seesHostDirectories(docker: Docker, image: string): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'fn-studio-probe-'));
  try {
    const container = await docker.createContainer({
      Image: image,
      Labels: { 'io.fnstudio': '1', 'io.fnstudio.probe': '1' },
      HostConfig: {
        NetworkMode: 'none',
        Mounts: [{ Type: 'bind', Source: dir, Target: '/fn-studio-probe' }],
      },
    });
    await container.remove({ force: true }).catch(() => undefined);
    return true;
  } catch (err) {
    const text = (err as { json?: { message?: string }; message?: string }).json?.message ?? String(err);
    if (MISSING_SOURCE.test(text)) return false;
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
