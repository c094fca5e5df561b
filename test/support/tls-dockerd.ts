// A second dockerd reached over tcp with TLS (DESIGN.md §8): certificates made with openssl, its own data root, exec
// root, pidfile and network namespace (no bridge, no iptables), and a TLS listener on this machine's loopback. The
// namespace keeps it from touching the main engine's network; the listener is a TCP socket opened here and handed
// to dockerd as fd:// (socket activation), so it stays on the host's loopback while dockerd runs in its namespace.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Docker from 'dockerode';

export interface TlsDockerd {
  /** tcp://127.0.0.1:PORT */
  host: string;
  /** The folder of ca.pem, cert.pem and key.pem (DOCKER_CERT_PATH). */
  certDir: string;
  /** The environment that points the docker CLI and Fn Studio at it. */
  env: Record<string, string>;
  /** Its local unix socket too (unix://…), e.g. for an sshd to point at. */
  unixHost: string;
  /** A client over its unix socket, for the test's own checks. */
  docker: Docker;
  destroy(): Promise<void>;
}

/** CA, server (for 127.0.0.1 and localhost) and client certificates, as Docker's TLS guide makes them. */
export function makeCertificates(dir: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=fn-studio-test-ca',
  );
  const sign = (name: string, subject: string, ext: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}-key.pem`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-out',
      `${name}-cert.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  sign('server', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  sign('client', '/CN=fn-studio-test-client', 'extendedKeyUsage=clientAuth\n');
  // The names the docker CLI and Fn Studio look for in DOCKER_CERT_PATH.
  execFileSync('cp', ['client-cert.pem', 'cert.pem'], { cwd: dir });
  execFileSync('cp', ['client-key.pem', 'key.pem'], { cwd: dir });
}

export async function startTlsDockerd(): Promise<TlsDockerd> {
  // Short: the socket path must fit a unix socket's ~100 bytes.
  const dir = mkdtempSync('/tmp/fn-tls-');
  const certDir = join(dir, 'certs');
  execFileSync('mkdir', ['-p', certDir]);
  makeCertificates(certDir);
  writeFileSync(join(dir, 'daemon.json'), '{}');
  const socket = join(dir, 'docker.sock');
  const listener = createServer();
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  const port = (listener.address() as { port: number }).port;
  const fd = (listener as unknown as { _handle: { fd: number } })._handle.fd;
  let log = '';
  // LISTEN_PID must be dockerd's own: the shell sets it to its pid, then becomes unshare, which becomes dockerd.
  const child: ChildProcess = spawn(
    'sh',
    [
      '-c',
      'LISTEN_PID=$$ LISTEN_FDS=1 exec unshare --net dockerd "$@"',
      'sh',
      '--config-file',
      join(dir, 'daemon.json'),
      '--tlsverify',
      `--tlscacert=${join(certDir, 'ca.pem')}`,
      `--tlscert=${join(certDir, 'server-cert.pem')}`,
      `--tlskey=${join(certDir, 'server-key.pem')}`,
      '-H',
      'fd://',
      '-H',
      `unix://${socket}`,
      `--data-root=${join(dir, 'data')}`,
      `--exec-root=${join(dir, 'exec')}`,
      `--pidfile=${join(dir, 'docker.pid')}`,
      '--bridge=none',
      '--iptables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      // vfs works on any filesystem (overlay on overlay does not).
      '--storage-driver=vfs',
    ],
    { stdio: ['ignore', 'pipe', 'pipe', fd] },
  );
  // dockerd has its copy of the listening socket now.
  listener.close();
  child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const docker = new Docker({ socketPath: socket });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await docker.ping();
      break;
    } catch {
      if (child.exitCode !== null) throw new Error(`the TLS dockerd exited:\n${log.slice(-2000)}`);
      if (Date.now() > deadline)
        throw new Error(`the TLS dockerd did not answer in 30 s:\n${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const host = `tcp://127.0.0.1:${port}`;
  return {
    host,
    certDir,
    env: { DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir },
    unixHost: `unix://${socket}`,
    docker,
    async destroy() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
