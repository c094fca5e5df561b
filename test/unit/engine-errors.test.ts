// Each kind of endpoint gets a message naming it and what to check, for each way it can fail to answer.
import { describe, expect, it } from 'vitest';
import { parseEndpoint } from '../../src/main/core/docker-endpoint';
import { explainEngineError } from '../../src/main/core/engine-errors';

const noTls = { verify: false, certPath: '' };
const ep = (a: string, tls = noTls) => parseEndpoint(a, 'flag', tls);
const err = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(code), { code }, extra);

describe('explainEngineError', () => {
  it('unix: missing socket, permission denied, nobody listening', () => {
    const unix = ep('unix:///var/run/docker.sock');
    expect(explainEngineError(err('ENOENT'), unix)).toMatch(
      /^no Docker Engine at unix:\/\/\/var\/run\/docker\.sock \(--docker-host\): the socket .* does not exist/,
    );
    expect(explainEngineError(err('EACCES'), unix)).toMatch(/permission denied .*usermod -aG docker/);
    expect(explainEngineError(err('ECONNREFUSED'), unix)).toMatch(/no engine listens on it/);
  });

  it('npipe: missing pipe and permission', () => {
    const pipe = ep('npipe:////./pipe/docker_engine');
    expect(explainEngineError(err('ENOENT'), pipe)).toMatch(
      /named pipe \\\\\.\\pipe\\docker_engine does not exist/,
    );
    expect(explainEngineError(err('EPERM'), pipe)).toMatch(/docker-users/);
  });

  it('tcp: refused, unknown host, unreachable, and TLS expected', () => {
    const tcp = ep('tcp://engine.lan:2375');
    expect(explainEngineError(err('ECONNREFUSED'), tcp)).toMatch(/nothing listens at engine\.lan:2375/);
    expect(explainEngineError(err('ENOTFOUND'), tcp)).toMatch(/does not resolve/);
    expect(explainEngineError(err('ETIMEDOUT'), tcp)).toMatch(/cannot be reached.*firewall/);
    const https = Object.assign(new Error('(HTTP code 400) unexpected'), {
      statusCode: 400,
      json: 'Client sent an HTTP request to an HTTPS server.\n',
    });
    expect(explainEngineError(https, tcp)).toMatch(/speaks TLS.*docker_tls_verify/);
  });

  it('tls: a failed handshake names the certificate folder', () => {
    const tls = ep('tcp://engine.lan:2376', { verify: true, certPath: '/certs' });
    const e = err('UNABLE_TO_VERIFY_LEAF_SIGNATURE', { message: 'unable to verify the first certificate' });
    expect(explainEngineError(e, tls)).toMatch(
      /TLS handshake with engine\.lan:2376 failed.*\/certs: ca\.pem/,
    );
    expect(explainEngineError(err('ECONNRESET'), tls)).toMatch(/may not accept the client certificate/);
  });

  it('ssh: login refused names what was tried; host key, missing docker CLI, no sshd', () => {
    const ssh = ep('ssh://deploy@box:2200');
    const auth = { tried: ['/home/ada/.ssh/id_ed25519'], keys: [], hostVerifier: () => true };
    const denied = Object.assign(new Error('All configured authentication methods failed'), {
      level: 'client-authentication',
    });
    expect(explainEngineError(denied, ssh, auth)).toMatch(
      /ssh login to deploy@box:2200 failed .* none of \/home\/ada\/\.ssh\/id_ed25519.*authorized_keys/,
    );
    expect(explainEngineError(denied, ssh, { ...auth, tried: [] })).toMatch(/no ssh agent and no key/);
    expect(
      explainEngineError(new Error('x'), ssh, { ...auth, hostKeyProblem: 'the host key changed' }),
    ).toMatch(/ssh to box:2200 refused .*host key changed/);
    expect(
      explainEngineError(err('EREMOTEDOCKER', { message: 'the docker CLI was not found on box' }), ssh, auth),
    ).toMatch(/needs the docker CLI on the engine's machine/);
    expect(explainEngineError(err('ECONNREFUSED'), ssh, auth)).toMatch(/runs sshd/);
  });

  it('leaves other errors alone', () => {
    expect(explainEngineError(new Error('no such image'), ep('unix:///x.sock'))).toBeUndefined();
  });
});
