// The globals src/shared may use besides ES2022: those both browsers and Node have (tsconfig.shared.json alone loads
// this; the node and web configs get them from their own types).
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
