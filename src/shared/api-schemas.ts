// Validation of everything that crosses a boundary into the host, as zod schemas keyed by API method.
import { z } from 'zod';
import type { ApiMethod } from './api-contract';
import { MAX_REQUEST_BODY_CHARS } from './composer-history';
import { FN_FORMATS } from './models';
import { settingsPatchSchema } from './settings';

export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Docker image reference: [registry[:port]/]path[:tag][@digest], lower-case path components. As in Docker, a
// first component is a registry only if it has a dot or a port or is "localhost"; otherwise it is a path.
const IMAGE_REF =
  /^(?:(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*:[0-9]+)\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

const name = (what: string) =>
  z.string({ error: `${what} name is required` }).regex(NAME_PATTERN, {
    error: `${what} name must be 1-255 letters, digits, '_' or '-'`,
  });

// "__proto__" is a valid name but not a safe object key in JavaScript (it would be dropped without a word):
// it is refused before the record is parsed.
const withoutProtoKey = <T extends z.ZodType>(what: string, record: T) =>
  z
    .unknown()
    .refine((v) => !(typeof v === 'object' && v !== null && Object.hasOwn(v, '__proto__')), {
      error: `"__proto__" cannot be used as ${what} key`,
    })
    .pipe(record);

export const configSchema = withoutProtoKey(
  'a config',
  z.record(
    z.string().regex(ENV_NAME, { error: 'config keys must be valid environment variable names' }),
    z.string({ error: 'config values must be strings' }),
    { error: 'config must be an object of string values' },
  ),
);
const annotationsSchema = withoutProtoKey(
  'an annotation',
  z.record(z.string(), z.unknown(), { error: 'annotations must be an object of keys and values' }),
);

export const appInputSchema = z.object({
  name: name('app'),
  config: configSchema.optional(),
  annotations: annotationsSchema.optional(),
  syslog_url: z.string({ error: 'syslog_url must be a string' }).optional(),
});

const memorySchema = z
  .number({ error: 'memory must be an integer number of MB' })
  .int({ error: 'memory must be an integer number of MB' })
  .min(1, { error: 'memory must be 1-8192 MB' })
  .max(8192, { error: 'memory must be 1-8192 MB' });
const timeoutSchema = z
  .number({ error: 'timeout must be an integer number of seconds' })
  .int({ error: 'timeout must be an integer number of seconds' })
  .min(1, { error: 'timeout must be 1-300 s' })
  .max(300, { error: 'timeout must be 1-300 s' });
const idleTimeoutSchema = z
  .number({ error: 'idle_timeout must be an integer number of seconds' })
  .int({ error: 'idle_timeout must be an integer number of seconds' })
  .min(1, { error: 'idle_timeout must be 1-3600 s' })
  .max(3600, { error: 'idle_timeout must be 1-3600 s' });
const imageSchema = z.string({ error: 'image is required' }).regex(IMAGE_REF, {
  error: 'image must be a valid image reference, e.g. alpine:3.20 or registry:5000/x:1',
});
const formatSchema = z.enum(FN_FORMATS, { error: `format must be one of ${FN_FORMATS.join(', ')}` });
const networkSchema = z.string({ error: 'network must be a string' }).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
  error: 'network must be bridge, none, host or a Docker network name',
});

export const fnInputSchema = z.object({
  name: name('function'),
  app_id: z.string({ error: 'app_id is required' }).min(1, { error: 'app_id is required' }),
  image: imageSchema,
  memory: memorySchema.optional(),
  timeout: timeoutSchema.optional(),
  idle_timeout: idleTimeoutSchema.optional(),
  format: formatSchema.optional(),
  network: networkSchema.optional(),
  config: configSchema.optional(),
  annotations: annotationsSchema.optional(),
});

// A trigger's path below its app: starts with '/', no spaces, no query or fragment.
const triggerSource = z
  .string({ error: 'source is required' })
  .regex(/^\/[^\s?#]*$/, { error: "source must be a path starting with '/' (no spaces, '?' or '#')" })
  .max(1024, { error: 'source must be at most 1024 characters' });

export const triggerInputSchema = z.object({
  name: name('trigger'),
  app_id: z.string({ error: 'app_id is required' }).min(1, { error: 'app_id is required' }),
  fn_id: z.string({ error: 'fn_id is required' }).min(1, { error: 'fn_id is required' }),
  type: z.literal('http', { error: 'type must be "http" (the only trigger type Fn Studio serves)' }),
  source: triggerSource,
  annotations: annotationsSchema.optional(),
});
export const triggerUpdateSchema = triggerInputSchema.omit({ app_id: true, fn_id: true }).partial();

/** PUT bodies: every field optional; read-only fields the CLI echoes back (id, app_id, dates) are dropped. */
export const appUpdateSchema = appInputSchema.partial();
export const fnUpdateSchema = fnInputSchema.omit({ app_id: true }).partial();

const empty = z.object({}).strict().optional().default({});
const id = (what: string) =>
  z.string({ error: `${what} is required` }).min(1, { error: `${what} is required` });

export const httpRequestSchema = z.object({
  method: z.string().regex(/^[A-Z]{1,16}$/, { error: 'method must be an HTTP method such as GET or POST' }),
  path: z.string().startsWith('/', { error: "path must start with '/'" }),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
});

const rfc3339 = (what: string) =>
  z.string().refine((v) => !Number.isNaN(Date.parse(v)), { error: `${what} must be an RFC 3339 date` });

const callListSchema = z.object({
  fn_id: z.string().optional(),
  app_id: z.string().optional(),
  status: z.enum(['queued', 'running', 'success', 'error', 'timeout', 'cancelled']).optional(),
  before: z.string().optional(),
  limit: z.number().int().min(1).max(50_000).optional(),
});

const callSummarySchema = callListSchema.extend({
  start_kind: z.enum(['cold', 'hot_new', 'hot_reused']).optional(),
  since: rfc3339('since').optional(),
  until: rfc3339('until').optional(),
});

const stringMap = z.record(z.string(), z.string(), { error: 'headers must be an object of string values' });
const requestBody = z
  .string({ error: 'body must be a string' })
  .max(MAX_REQUEST_BODY_CHARS, { error: 'the request body is over 6 MiB: too large to keep' });
const fnIdField = z.string({ error: 'fnId is required' }).min(1, { error: 'fnId is required' });

export const composerDraftSchema = z.object({
  method: z.string({ error: 'method must be a string' }).max(16),
  path: z.string({ error: 'path must be a string' }).max(8192),
  headers: z.array(z.object({ key: z.string(), value: z.string() }), {
    error: 'headers must be a list of rows',
  }),
  body: requestBody,
  bodyMode: z.enum(['text', 'json'], { error: 'bodyMode must be text or json' }),
  detached: z.boolean({ error: 'detached must be true or false' }),
});

const sentRequestSchema = z.object({
  method: z.string({ error: 'method must be a string' }).max(16),
  path: z.string({ error: 'path must be a string' }).max(8192),
  headers: stringMap,
  body: requestBody,
});

const newHistoryEntrySchema = z.object({
  fnId: fnIdField,
  request: sentRequestSchema,
  status: z.number({ error: 'status must be a number' }).int(),
  durationMs: z.number({ error: 'durationMs must be a number' }).min(0),
  headers: stringMap,
  // Longer bodies are accepted and cut to what the host keeps.
  body: z.string({ error: 'body must be a string' }),
  callId: z.string().nullable(),
});

export const historyEntrySchema = newHistoryEntrySchema.extend({
  id: z.string().min(1).max(100),
  at: rfc3339('at'),
});

const savedName = z
  .string({ error: 'a saved request needs a name' })
  .trim()
  .min(1, { error: 'a saved request needs a name' })
  .max(200, { error: 'a saved request name is at most 200 characters' });
export const savedRequestSchema = z.object({ name: savedName, fnId: fnIdField, draft: composerDraftSchema });

export const composerStateSchema = z.object({
  history: z.array(historyEntrySchema).max(10_000),
  saved: z.array(savedRequestSchema).max(10_000),
  drafts: withoutProtoKey('a draft', z.record(z.string(), composerDraftSchema)),
});

export const paramSchemas: Record<ApiMethod, z.ZodType> = {
  getStatus: empty,
  listApps: empty,
  createApp: appInputSchema,
  listFns: z.object({ app_id: z.string().optional() }).optional().default({}),
  createFn: fnInputSchema,
  deleteFn: z.object({ fn_id: id('fn_id') }),
  listTriggers: z
    .object({ app_id: z.string().optional(), fn_id: z.string().optional() })
    .optional()
    .default({}),
  createTrigger: triggerInputSchema,
  deleteTrigger: z.object({ trigger_id: id('trigger_id') }),
  sendHttp: httpRequestSchema,
  updateApp: z.object({ app_id: id('app_id'), patch: appUpdateSchema }),
  deleteApp: z.object({ app_id: id('app_id') }),
  updateFn: z.object({ fn_id: id('fn_id'), patch: fnUpdateSchema }),
  listCalls: callListSchema.optional().default({}),
  cancelCall: z.object({ call_id: id('call_id') }),
  listCallSummaries: callSummarySchema.optional().default({}),
  exportCalls: z.object({
    format: z.enum(['ndjson', 'json', 'csv', 'text'], { error: 'format must be ndjson, json, csv or text' }),
    ids: z.array(id('a call id')).max(50_000).optional(),
    filter: callSummarySchema.optional(),
  }),
  imageStatus: z.object({ image: imageSchema }),
  pullImage: z.object({ image: imageSchema }),
  buildImage: z.object({
    folder: z.string({ error: 'folder is required' }).min(1, { error: 'folder is required' }),
    tag: imageSchema,
  }),
  listWatches: empty,
  getContainerLog: z.object({ container_id: id('container_id') }),
  getContainer: z.object({
    container_id: id('container_id'),
    reveal: z.boolean({ error: 'reveal must be true or false' }).optional(),
  }),
  getLiveState: empty,
  getSettings: empty,
  loadExamples: empty,
  exportRegistry: empty,
  importRegistry: z.object({ file: z.unknown() }),
  pushRegistry: z.object({
    url: z
      .string({ error: 'url is required' })
      .regex(/^https?:\/\/\S+$/, { error: 'url must be an http:// or https:// URL' }),
  }),
  updateSettings: settingsPatchSchema,
  getCall: z.object({ call_id: id('call_id') }),
  getCallLog: z.object({ call_id: id('call_id') }),
  listContainers: empty,
  getComposerState: empty,
  addComposerHistory: z.object({ entry: newHistoryEntrySchema }),
  clearComposerHistory: z
    .object({ fn_id: z.string().min(1).optional() })
    .optional()
    .default({}),
  saveComposerDraft: z.object({ fn_id: id('fn_id'), draft: composerDraftSchema.nullable() }),
  saveComposerRequest: z.object({ request: savedRequestSchema }),
  deleteComposerRequest: z.object({ name: savedName }),
  importComposerState: z.object({ state: composerStateSchema }),
};

/** One readable line from a zod failure: "memory: memory must be 1-8192 MB". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
