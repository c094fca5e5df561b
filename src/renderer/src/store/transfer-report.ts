// What a push or an import did, in a few lines a person reads at a glance.
import type { TransferReport } from '../../../shared/registry-file';

export function describeTransfer(what: string, r: TransferReport): string {
  const lines = [
    `${what}: ${r.created.length} created, ${r.updated.length} updated, ${r.errors.length} failed`,
    ...r.created.map((n) => `  + ${n}`),
    ...r.updated.map((n) => `  ~ ${n}`),
    ...r.errors.map((e) => `  ! ${e}`),
    ...(r.secrets_not_set ?? []).map((e) => `  ? ${e}: masked in the file, so not set; set it on the server`),
  ];
  return lines.join('\n');
}

/** Reads an exported registry file the user picked; a clear message when it is not JSON. */
export function parseRegistryText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`the file is not JSON: ${(err as Error).message}`, { cause: err });
  }
}
