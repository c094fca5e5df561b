// The http-stream relay's image, built on first use: from a public Node base where a registry is reachable, else
// from local files (this machine's own node binary and the libraries it links), so it works offline too.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { relaySource } from './relay-program';

const RELAY_REPO = 'fn-studio/relay';
const PUBLIC_BASE = 'node:20-alpine';
export const relayTag = (): string =>
  `${RELAY_REPO}:${createHash('sha256').update(relaySource).digest('hex').slice(0, 12)}`;

async function build(docker: Docker, files: Record<string, Buffer | string>, tag: string): Promise<void> {
  const context = pack();
  for (const [name, content] of Object.entries(files)) context.entry({ name, mode: 0o755 }, content);
  context.finalize();
  const stream = await docker.buildImage(Readable.from(context) as unknown as NodeJS.ReadableStream, {
    t: tag,
    rm: true,
    forcerm: true,
  });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => {
      const failed = err?.message ?? out.find((o) => o.error)?.error;
      if (failed) reject(new Error(failed));
      else resolve();
    }),
  );
}

/** This machine's node and the shared libraries it needs, as a root filesystem tarball. */
async function localNodeRootfs(): Promise<Buffer> {
  const ldd = execFileSync('ldd', [process.execPath], { encoding: 'utf8' });
  const libs = [...ldd.matchAll(/(\/\S+)\s+\(0x/g)].map((m) => m[1]);
  const tar = pack();
  for (const file of [process.execPath, ...libs]) {
    const real = realpathSync(file);
    tar.entry(
      { name: file === process.execPath ? '/usr/local/bin/node' : file, mode: statSync(real).mode & 0o777 },
      readFileSync(real),
    );
  }
  tar.entry({ name: '/tmp', type: 'directory', mode: 0o1777 });
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const c of Readable.from(tar)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Returns the relay image's tag, building it once when missing. */
export async function ensureRelayImage(docker: Docker): Promise<string> {
  const tag = relayTag();
  if (
    await docker
      .getImage(tag)
      .inspect()
      .then(
        () => true,
        () => false,
      )
  )
    return tag;
  try {
    await build(
      docker,
      {
        Dockerfile: `FROM ${PUBLIC_BASE}\nCOPY relay.js /relay.js\nENTRYPOINT ["node", "/relay.js"]\n`,
        'relay.js': relaySource,
      },
      tag,
    );
  } catch (publicErr) {
    if (process.platform !== 'linux') {
      throw new Error(
        `could not build the http-stream relay image from ${PUBLIC_BASE}: ${(publicErr as Error).message}`,
        { cause: publicErr },
      );
    }
    await build(
      docker,
      {
        Dockerfile:
          'FROM scratch\nADD rootfs.tar /\nCOPY relay.js /relay.js\nENTRYPOINT ["/usr/local/bin/node", "/relay.js"]\n',
        'rootfs.tar': await localNodeRootfs(),
        'relay.js': relaySource,
      },
      tag,
    );
  }
  return tag;
}
