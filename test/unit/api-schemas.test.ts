// Input schemas at the API boundary: image references as Docker reads them, and keys JavaScript cannot hold.
import { describe, expect, it } from 'vitest';
import { fnInputSchema } from '../../src/shared/api-schemas';

const base = { name: 'f', app_id: 'a' };
const accepts = (image: string) => fnInputSchema.safeParse({ ...base, image }).success;

describe('function input', () => {
  it.each(['UPPER/case', 'Foo', 'a b', ':tag', '', 'a//b', 'x:'])(
    'refuses the image reference %j',
    (image) => {
      expect(accepts(image)).toBe(false);
    },
  );

  it.each([
    'busybox',
    'fn-studio-test/node-json:1',
    'localhost/x:1',
    'Registry.Example.com/a/b:1',
    '127.0.0.1:5000/x:1',
    'myreg:5000/a',
    'docker.io/library/alpine:3.20',
    `a/b/c@sha256:${'a'.repeat(64)}`,
  ])('accepts the image reference %j', (image) => {
    expect(accepts(image)).toBe(true);
  });

  it('refuses "__proto__" as a config or annotation key instead of dropping it', () => {
    for (const field of ['config', 'annotations']) {
      const r = fnInputSchema.safeParse({ ...base, image: 'x', [field]: JSON.parse('{"__proto__":"1"}') });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toMatch(/"__proto__" cannot be used/);
    }
  });
});
