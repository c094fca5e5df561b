// Which configuration values are secrets, judged by their key, and how they are shown masked: the one rule the API,
// the UI and the registry export all follow.

/** A key that names a secret: it holds TOKEN, SECRET, PASSWORD or KEY, in any case (API_TOKEN, db_password, KEYFILE). */
const SECRET_KEY = /TOKEN|SECRET|PASSWORD|KEY/i;

/** What a masked value reads as: the same for every value, so neither the value nor its length shows. */
export const MASKED_VALUE = '********';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The keys of `values` that name secrets, in their order. */
export function secretKeysOf(values: Record<string, string>): string[] {
  return Object.keys(values).filter(isSecretKey);
}

/** A copy of `values` with every secret's value masked (an empty value stays empty: it hides nothing). */
export function maskSecrets(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = isSecretKey(k) && v !== '' ? MASKED_VALUE : v;
  return out;
}
