// The function form as plain strings and config rows, checked with the host's own zod schemas before anything is sent.
import type { z } from 'zod';
import type { FnInput } from '../../../shared/api-contract';
import { appInputSchema, fnInputSchema } from '../../../shared/api-schemas';
import type { ShapingField } from '../../../shared/fn-shaping';
import type { Fn } from '../../../shared/models';
import { annotationsPatch, parseAnnotationRows, rowsFromAnnotations } from './annotation-rows';
import { configPatch, parseConfigRows, rowsFromConfig, type ConfigRow } from './catalog-config-rows';
import {
  EMPTY_SHAPING,
  parseShapingForm,
  shapingToForm,
  withoutShaping,
  type ShapingFormValues,
} from './shaping-form';

export type FnTextField =
  'app' | 'name' | 'image' | 'format' | 'memory' | 'timeout' | 'idle_timeout' | 'network';
export type FnFormField = FnTextField | 'config' | 'annotations' | ShapingField;

export type FnFormValues = Record<FnTextField, string> & {
  config?: ConfigRow[];
  annotations?: ConfigRow[];
  /** CPU limit, concurrency cap and min-warm, kept as annotations. */
  shaping?: ShapingFormValues;
};

/** One problem to show in the form; `field` is null for errors that belong to no single field (API errors). */
export interface FormIssue {
  field: FnFormField | null;
  message: string;
}

// Format http-stream, as the API and the README default to: Fn's current contract, what its FDKs speak.
export const DEFAULT_FN_FORM: FnFormValues = {
  app: 'demo',
  name: '',
  image: '',
  format: 'http-stream',
  memory: '128',
  timeout: '30',
  idle_timeout: '',
  network: '',
};

const formSchema = fnInputSchema
  .pick({
    name: true,
    image: true,
    format: true,
    memory: true,
    timeout: true,
    idle_timeout: true,
    network: true,
  })
  .extend({ app: appInputSchema.shape.name });

export type FnFields = Omit<FnInput, 'app_id'>;
export type ParsedFnForm = { ok: true; appName: string; fn: FnFields } | { ok: false; issues: FormIssue[] };

// An empty box means "use the host's default", not zero or "".
const toNumber = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));
const toText = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

const FIELDS: readonly string[] = [
  'app',
  'name',
  'image',
  'format',
  'memory',
  'timeout',
  'idle_timeout',
  'network',
  'config',
  'annotations',
  'cpus',
  'max_concurrency',
  'min_warm',
];
const isField = (key: unknown): key is FnFormField => typeof key === 'string' && FIELDS.includes(key);

function toIssues(error: z.ZodError): FormIssue[] {
  return error.issues.map((issue) => {
    const key = issue.path[0];
    return { field: isField(key) ? key : null, message: issue.message };
  });
}

export function parseFnForm(values: FnFormValues): ParsedFnForm {
  const result = formSchema.safeParse({
    app: values.app.trim(),
    name: values.name.trim(),
    image: values.image.trim(),
    format: values.format,
    memory: toNumber(values.memory),
    timeout: toNumber(values.timeout),
    idle_timeout: toNumber(values.idle_timeout),
    network: toText(values.network),
  });
  const config = parseConfigRows(values.config ?? []);
  const annotations = parseAnnotationRows(values.annotations ?? []);
  const shaping = parseShapingForm(values.shaping ?? EMPTY_SHAPING, values.format);
  const issues = [
    ...(result.success ? [] : toIssues(result.error)),
    ...(config.ok ? [] : config.issues),
    ...(annotations.ok ? [] : annotations.issues),
    ...(shaping.ok ? [] : shaping.issues),
  ];
  if (!result.success || !config.ok || !annotations.ok || !shaping.ok) return { ok: false, issues };
  const { app, ...fields } = result.data;
  const fn: FnFields = { name: fields.name, image: fields.image };
  // Left-out optional fields stay out of the request, so the host applies its defaults.
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) Object.assign(fn, { [k]: v });
  if (Object.keys(config.config).length) fn.config = config.config;
  const allAnnotations = { ...annotations.annotations, ...shaping.annotations };
  if (Object.keys(allAnnotations).length) fn.annotations = allAnnotations;
  return { ok: true, appName: app, fn: fn as FnFields };
}

/** The form filled from a stored function, for editing. */
export function fnToForm(fn: Fn, appName: string): FnFormValues {
  return {
    app: appName,
    name: fn.name,
    image: fn.image,
    format: fn.format,
    memory: String(fn.memory),
    timeout: String(fn.timeout),
    idle_timeout: String(fn.idle_timeout),
    network: fn.network,
    config: rowsFromConfig(fn.config),
    annotations: rowsFromAnnotations(withoutShaping(fn.annotations)),
    shaping: shapingToForm(fn.annotations),
  };
}

/** The PUT body for an edit: the form's fields, with config and annotations as merge patches (removed keys
 * sent as ""), each left out when nothing in it changed. */
export function fnUpdatePatch(before: Fn, parsed: FnFields): FnFields {
  const { config, annotations, ...rest } = parsed;
  const out: FnFields = rest;
  const configChanges = configPatch(before.config, config ?? {});
  if (Object.keys(configChanges).length) out.config = configChanges;
  const annotationChanges = annotationsPatch(before.annotations, annotations ?? {});
  if (Object.keys(annotationChanges).length) out.annotations = annotationChanges;
  return out;
}
