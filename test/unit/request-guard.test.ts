// The loopback guard that keeps web pages and DNS rebinding away from the API.
import { describe, expect, it } from 'vitest';
import { checkHostAndOrigin } from '../../src/main/host/request-guard';

describe('checkHostAndOrigin', () => {
  it.each(['127.0.0.1:8080', 'localhost:8080', 'localhost', '[::1]:8080'])('accepts Host %s', (host) => {
    expect(() => checkHostAndOrigin(host, undefined, 8080)).not.toThrow();
  });
  it.each(['evil.example', 'evil.example:8080', '10.0.0.2:8080', '', undefined])(
    'refuses Host %s with 403',
    (host) => {
      expect(() => checkHostAndOrigin(host, undefined, 8080)).toThrow(
        expect.objectContaining({ status: 403 }),
      );
    },
  );
  it('accepts only the server own origin', () => {
    expect(() => checkHostAndOrigin('127.0.0.1:8080', 'http://127.0.0.1:8080', 8080)).not.toThrow();
    expect(() => checkHostAndOrigin('127.0.0.1:8080', 'http://localhost:8080', 8080)).not.toThrow();
    for (const origin of ['http://127.0.0.1:9999', 'http://evil.example', 'null', 'https://127.0.0.1:8080']) {
      expect(() => checkHostAndOrigin('127.0.0.1:8080', origin, 8080)).toThrow(
        expect.objectContaining({ status: 403 }),
      );
    }
  });
});
