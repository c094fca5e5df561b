// Sortable unique ids in Fn's style (26 characters of Crockford base32: 48 bits of time, 80 of randomness).

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Randomness is drawn in blocks: one system call per 256 ids instead of one per id (ids are made on the hot path).
const POOL = new Uint8Array(4096);
let poolUsed = POOL.length;

function randomBytes16(): Uint8Array {
  if (poolUsed + 16 > POOL.length) {
    crypto.getRandomValues(POOL);
    poolUsed = 0;
  }
  poolUsed += 16;
  return POOL.subarray(poolUsed - 16, poolUsed);
}

export function newId(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes16();
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i] % 32];
  return time + rand;
}
