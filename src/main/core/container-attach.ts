// Attaches to a container's stdio with an empty request body. dockerode's `container.attach` sends its options as a
// JSON body too; Docker ignores it, but Podman writes it into the container's stdin, where a function would read it
// as the start of its first request. Docker's attach takes its options in the query string only.
import type Docker from 'dockerode';

export type AttachedStream = NodeJS.ReadWriteStream & { destroy(): void };

export function attachStdio(docker: Docker, container: Docker.Container): Promise<AttachedStream> {
  return new Promise((resolve, reject) =>
    docker.modem.dial(
      {
        path: `/containers/${container.id}/attach?`,
        method: 'POST',
        options: { stream: true, stdin: true, stdout: true, stderr: true },
        // A zero-length body: sent with the request's head, so the engine answers (an absent body with stdin open
        // would hold the head back until the first write).
        file: Buffer.alloc(0),
        isStream: true,
        hijack: true,
        openStdin: true,
        statusCodes: { 101: true, 200: true, 404: 'no such container', 500: 'server error' },
      },
      (err: Error | null, stream?: unknown) => (err ? reject(err) : resolve(stream as AttachedStream)),
    ),
  );
}
