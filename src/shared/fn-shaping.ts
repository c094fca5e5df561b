// A function's container shaping (CPU limit, concurrency cap, warm containers): read from its annotations and checked
// against the engine and the pool, in one place for the registry, the agent's call options and the function form.
import { z } from 'zod';
import { FN_ANNOTATIONS } from './fn-annotations';
import type { FnFormat } from './models';

export interface FnShaping {
  /** CPU limit in CPUs (Docker's NanoCPUs / 1e9); absent: no limit. */
  cpus?: number;
  /** Most calls of the function running at once; absent: no cap. */
  max_concurrency?: number;
  /** Containers kept started for sync calls, never reaped by the idle timeout; absent: none. */
  min_warm?: number;
}

export type ShapingField = keyof FnShaping;
export const SHAPING_FIELDS: readonly ShapingField[] = ['cpus', 'max_concurrency', 'min_warm'];

/** The annotation each setting is kept under. */
export const SHAPING_KEYS: Record<ShapingField, string> = {
  cpus: FN_ANNOTATIONS.cpus,
  max_concurrency: FN_ANNOTATIONS.maxConcurrency,
  min_warm: FN_ANNOTATIONS.minWarm,
};

/** A problem with one setting; the message names its annotation, so a CLI user knows which one. */
export interface ShapingIssue {
  field: ShapingField;
  message: string;
}

/** Docker refuses a CPU limit below a hundredth of a CPU. */
export const MIN_CPUS = 0.01;

// The fn CLI sends an annotation as JSON when it parses as JSON and as a string otherwise: take both "0.5" and 0.5.
const numeric = (message: string) =>
  z.union(
    [
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+(\.\d+)?$/)
        .transform(Number),
    ],
    { error: message },
  );

const VALUE_SCHEMAS: Record<ShapingField, z.ZodType<number>> = {
  cpus: numeric(`${SHAPING_KEYS.cpus} must be a number of CPUs, e.g. 0.5`).pipe(
    z.number().min(MIN_CPUS, { error: `${SHAPING_KEYS.cpus} must be at least ${MIN_CPUS} CPU` }),
  ),
  max_concurrency: numeric(`${SHAPING_KEYS.max_concurrency} must be a whole number of calls, 1 or more`).pipe(
    z
      .number()
      .int({ error: `${SHAPING_KEYS.max_concurrency} must be a whole number of calls, 1 or more` })
      .min(1, { error: `${SHAPING_KEYS.max_concurrency} must be a whole number of calls, 1 or more` }),
  ),
  min_warm: numeric(`${SHAPING_KEYS.min_warm} must be a whole number of containers, 0 or more`).pipe(
    z
      .number()
      .int({ error: `${SHAPING_KEYS.min_warm} must be a whole number of containers, 0 or more` })
      .min(0, { error: `${SHAPING_KEYS.min_warm} must be a whole number of containers, 0 or more` }),
  ),
};

/** The settings in a function's annotations, each checked on its own; a setting that is not there is absent. */
export function readShaping(
  annotations: Record<string, unknown>,
): { ok: true; shaping: FnShaping } | { ok: false; issues: ShapingIssue[] } {
  const shaping: FnShaping = {};
  const issues: ShapingIssue[] = [];
  for (const field of SHAPING_FIELDS) {
    const raw = annotations[SHAPING_KEYS[field]];
    if (raw === undefined || raw === null) continue;
    const r = VALUE_SCHEMAS[field].safeParse(raw);
    if (r.success) shaping[field] = r.data;
    else issues.push({ field, message: r.error.issues[0]?.message ?? `${SHAPING_KEYS[field]} is not valid` });
  }
  // Zero warm containers is the same as none.
  if (shaping.min_warm === 0) delete shaping.min_warm;
  return issues.length ? { ok: false, issues } : { ok: true, shaping };
}

/** The settings of a stored function (checked when it was saved); anything unreadable counts as absent. */
export function shapingOf(annotations: Record<string, unknown>): FnShaping {
  const r = readShaping(annotations);
  return r.ok ? r.shaping : {};
}

/** What a function's settings must fit: the engine's CPUs and the memory pool. */
export interface ShapingLimits {
  /** The engine's CPU count (docker info NCPU); undefined while the engine has not answered. */
  engineCpus?: number;
  poolMb: number;
  /** Memory the other functions' warm containers hold, MB. */
  warmElsewhereMb: number;
}

/** Whether the settings fit the function's format, memory, the engine and the pool; one issue per setting at most. */
export function shapingIssues(
  fn: { memory: number; format: FnFormat },
  s: FnShaping,
  limits: ShapingLimits,
): ShapingIssue[] {
  const issues: ShapingIssue[] = [];
  const { engineCpus, poolMb, warmElsewhereMb } = limits;
  if (s.cpus !== undefined && engineCpus !== undefined && s.cpus > engineCpus)
    issues.push({
      field: 'cpus',
      message: `${SHAPING_KEYS.cpus}: ${s.cpus} CPUs is more than the Docker engine has (${engineCpus})`,
    });
  if (s.max_concurrency !== undefined && s.max_concurrency * fn.memory > poolMb)
    issues.push({
      field: 'max_concurrency',
      message: `${SHAPING_KEYS.max_concurrency}: ${s.max_concurrency} calls × ${fn.memory} MB cannot fit the memory pool (${poolMb} MB)`,
    });
  const warm = s.min_warm;
  if (warm === undefined) return issues;
  if (fn.format === 'default')
    issues.push({
      field: 'min_warm',
      message: `${SHAPING_KEYS.min_warm}: format default runs one cold container per call, so no container can be kept warm (choose a hot format)`,
    });
  else if (s.max_concurrency !== undefined && warm > s.max_concurrency)
    issues.push({
      field: 'min_warm',
      message: `${SHAPING_KEYS.min_warm}: ${warm} warm containers is more than ${SHAPING_KEYS.max_concurrency} (${s.max_concurrency}); the extra ones could never serve a call`,
    });
  else if (warm * fn.memory + warmElsewhereMb > poolMb)
    issues.push({
      field: 'min_warm',
      message:
        `${SHAPING_KEYS.min_warm}: ${warm} containers × ${fn.memory} MB` +
        (warmElsewhereMb ? `, with ${warmElsewhereMb} MB kept warm for other functions,` : '') +
        ` cannot fit the memory pool (${poolMb} MB)`,
    });
  return issues;
}

/** Memory a function's warm containers hold, MB. */
export const warmMemoryMb = (fn: { memory: number; annotations: Record<string, unknown> }): number =>
  (shapingOf(fn.annotations).min_warm ?? 0) * fn.memory;

/** Docker's NanoCPUs for a CPU limit. */
export const nanoCpus = (cpus: number): number => Math.round(cpus * 1e9);

/** The settings in a few words for a function's summary, e.g. ["0.5 CPU", "≤ 2 at once", "1 warm"]. */
export function shapingWords(s: FnShaping): string[] {
  const words: string[] = [];
  if (s.cpus !== undefined) words.push(`${s.cpus} CPU`);
  if (s.max_concurrency !== undefined) words.push(`≤ ${s.max_concurrency} at once`);
  if (s.min_warm !== undefined) words.push(`${s.min_warm} warm`);
  return words;
}
