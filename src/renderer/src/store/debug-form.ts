// The debug panel's fields as text, read into a debug mode with the host's own schema (one rule, one place), plus the
// presets for debuggers whose port and switch are well known.
import { fnDebugSchema, fnDebugOf, type FnDebug } from '../../../shared/fn-debug';
import type { Fn } from '../../../shared/models';
import type { ConfigRow } from './catalog-config-rows';

export interface DebugFormValues {
  port: string;
  /** Blank: a free port, picked at each start. */
  host_port: string;
  init_timeout: string;
  timeout: string;
  env: ConfigRow[];
}

export const EMPTY_DEBUG_FORM: DebugFormValues = {
  port: '',
  host_port: '',
  init_timeout: '',
  timeout: '',
  env: [],
};

/** Debuggers whose listening switch can go in the environment: the user's image stays as it is. */
export const DEBUG_PRESETS: Record<string, { label: string; values: DebugFormValues }> = {
  node: {
    label: 'Node inspector (9229)',
    values: {
      ...EMPTY_DEBUG_FORM,
      port: '9229',
      env: [{ key: 'NODE_OPTIONS', value: '--inspect=0.0.0.0:9229' }],
    },
  },
  jvm: {
    label: 'JVM JDWP (5005)',
    values: {
      ...EMPTY_DEBUG_FORM,
      port: '5005',
      env: [
        {
          key: 'JAVA_TOOL_OPTIONS',
          value: '-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005',
        },
      ],
    },
  },
};

/** The function's debug mode as fields (empty when it is off, or when what is stored cannot be read). */
export function debugToForm(fn: Pick<Fn, 'annotations'>): DebugFormValues {
  const debug = readDebug(fn);
  if (!debug) return EMPTY_DEBUG_FORM;
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    port: String(debug.port),
    host_port: text(debug.host_port),
    init_timeout: text(debug.init_timeout),
    timeout: text(debug.timeout),
    env: Object.entries(debug.env ?? {}).map(([key, value]) => ({ key, value })),
  };
}

/** The function's debug mode; null when it is off, or when what is stored cannot be read (the host says why at a call). */
export function readDebug(fn: Pick<Fn, 'annotations'>): FnDebug | null {
  try {
    return fnDebugOf(fn.annotations);
  } catch {
    return null;
  }
}

/** Blank optional fields are left out; numbers are read as numbers so the schema's messages apply to them. */
export function parseDebugForm(
  v: DebugFormValues,
): { ok: true; debug: FnDebug } | { ok: false; message: string } {
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));
  const env: Record<string, string> = {};
  for (const row of v.env) if (row.key.trim() !== '' || row.value !== '') env[row.key.trim()] = row.value;
  const candidate = {
    port: num(v.port),
    host_port: num(v.host_port),
    init_timeout: num(v.init_timeout),
    timeout: num(v.timeout),
    env: Object.keys(env).length ? env : undefined,
  };
  const r = fnDebugSchema.safeParse(
    Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined)),
  );
  if (!r.success) return { ok: false, message: r.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, debug: r.data };
}
