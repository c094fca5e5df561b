// The one rule for secret config values: which keys name secrets, and how their values are masked.
import { describe, expect, it } from 'vitest';
import { isSecretKey, MASKED_VALUE, maskSecrets, secretKeysOf } from '../../src/shared/secret-config';

describe('secret config values', () => {
  it.each([
    'API_TOKEN',
    'token',
    'GITHUB_TOKEN_2',
    'CLIENT_SECRET',
    'secret',
    'DB_PASSWORD',
    'Password',
    'KEY',
    'api_key',
    'KEYFILE',
    'xAPIKEYx',
  ])('%s names a secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each(['REGION', 'GREETING', 'FN_APP_ID', 'FN_MEMORY', 'PASS', 'TOKE', 'K_E_Y', 'SECRE'])(
    '%s does not',
    (key) => expect(isSecretKey(key)).toBe(false),
  );

  it('masks every secret value with the same mask, keeps the others and the order, and leaves the input alone', () => {
    const config = { REGION: 'eu', API_TOKEN: 'abc123', db_password: 'x', EMPTY_KEY: '', FN_FN_ID: 'f1' };
    const masked = maskSecrets(config);
    expect(masked).toEqual({
      REGION: 'eu',
      API_TOKEN: MASKED_VALUE,
      db_password: MASKED_VALUE,
      EMPTY_KEY: '',
      FN_FN_ID: 'f1',
    });
    expect(Object.keys(masked)).toEqual(Object.keys(config));
    expect(JSON.stringify(masked)).not.toContain('abc123');
    expect(config.API_TOKEN).toBe('abc123');
    expect(secretKeysOf(config)).toEqual(['API_TOKEN', 'db_password', 'EMPTY_KEY']);
  });

  it('shows neither a value nor its length', () => {
    expect(maskSecrets({ A_KEY: 'x' }).A_KEY).toBe(
      maskSecrets({ A_KEY: 'a much longer secret value' }).A_KEY,
    );
  });
});
