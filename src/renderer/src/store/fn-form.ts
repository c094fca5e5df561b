// The register-function form as plain strings, checked with the host's own zod schemas before anything is sent.
import type { z } from 'zod';
import type { FnInput } from '../../../shared/api-contract';
import { appInputSchema, fnInputSchema } from '../../../shared/api-schemas';

export type FnFormField = 'app' | 'name' | 'image' | 'format' | 'memory' | 'timeout';

export type FnFormValues = Record<FnFormField, string>;

/** One problem to show in the form; `field` is null for errors that belong to no single field (API errors). */
export interface FormIssue {
  field: FnFormField | null;
  message: string;
}

export const DEFAULT_FN_FORM: FnFormValues = {
  app: 'demo',
  name: '',
  image: '',
  format: 'default',
  memory: '128',
  timeout: '30',
};

const formSchema = fnInputSchema
  .pick({ name: true, image: true, format: true, memory: true, timeout: true })
  .extend({ app: appInputSchema.shape.name });

export type ParsedFnForm =
  { ok: true; appName: string; fn: Omit<FnInput, 'app_id'> } | { ok: false; issues: FormIssue[] };

// An empty number box means "use the host's default", not zero.
const toNumber = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

const FIELDS: readonly string[] = ['app', 'name', 'image', 'format', 'memory', 'timeout'];
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
  });
  if (!result.success) return { ok: false, issues: toIssues(result.error) };
  const { app, ...fn } = result.data;
  return { ok: true, appName: app, fn };
}
