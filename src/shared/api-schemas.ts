// Validation of everything that crosses a boundary into the host, as zod schemas keyed by API method.
import { z } from 'zod';
import type { ApiMethod } from './api-contract';
import { FN_FORMATS } from './models';

export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Docker image reference: [registry[:port]/]path[:tag][@digest], lower-case path components.
const IMAGE_REF =
  /^(?:(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

const name = (what: string) =>
  z.string({ error: `${what} name is required` }).regex(NAME_PATTERN, {
    error: `${what} name must be 1-255 letters, digits, '_' or '-'`,
  });

export const configSchema = z.record(
  z.string().regex(ENV_NAME, { error: 'config keys must be valid environment variable names' }),
  z.string({ error: 'config values must be strings' }),
);
const annotationsSchema = z.record(z.string(), z.unknown());

export const appInputSchema = z.object({
  name: name('app'),
  config: configSchema.optional(),
  annotations: annotationsSchema.optional(),
  syslog_url: z.string().optional(),
});

export const fnInputSchema = z.object({
  name: name('function'),
  app_id: z.string({ error: 'app_id is required' }).min(1, { error: 'app_id is required' }),
  image: z.string({ error: 'image is required' }).regex(IMAGE_REF, {
    error: 'image must be a valid image reference, e.g. alpine:3.20 or registry:5000/x:1',
  }),
  memory: z
    .number({ error: 'memory must be an integer number of MB' })
    .int({ error: 'memory must be an integer number of MB' })
    .min(1, { error: 'memory must be 1-8192 MB' })
    .max(8192, { error: 'memory must be 1-8192 MB' })
    .optional(),
  timeout: z
    .number({ error: 'timeout must be an integer number of seconds' })
    .int({ error: 'timeout must be an integer number of seconds' })
    .min(1, { error: 'timeout must be 1-300 s' })
    .max(300, { error: 'timeout must be 1-300 s' })
    .optional(),
  idle_timeout: z
    .number({ error: 'idle_timeout must be an integer number of seconds' })
    .int({ error: 'idle_timeout must be an integer number of seconds' })
    .min(1, { error: 'idle_timeout must be 1-3600 s' })
    .max(3600, { error: 'idle_timeout must be 1-3600 s' })
    .optional(),
  format: z.enum(FN_FORMATS, { error: `format must be one of ${FN_FORMATS.join(', ')}` }).optional(),
  network: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
      error: 'network must be bridge, none, host or a Docker network name',
    })
    .optional(),
  config: configSchema.optional(),
  annotations: annotationsSchema.optional(),
});

const empty = z.object({}).strict().optional().default({});
const id = (what: string) =>
  z.string({ error: `${what} is required` }).min(1, { error: `${what} is required` });

export const httpRequestSchema = z.object({
  method: z.string().regex(/^[A-Z]{1,16}$/, { error: 'method must be an HTTP method such as GET or POST' }),
  path: z.string().startsWith('/', { error: "path must start with '/'" }),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
});

export const paramSchemas: Record<ApiMethod, z.ZodType> = {
  getStatus: empty,
  listApps: empty,
  createApp: appInputSchema,
  listFns: z.object({ app_id: z.string().optional() }).optional().default({}),
  createFn: fnInputSchema,
  deleteFn: z.object({ fn_id: id('fn_id') }),
  sendHttp: httpRequestSchema,
  listCalls: z.object({ fn_id: z.string().optional() }).optional().default({}),
  getCall: z.object({ call_id: id('call_id') }),
  getCallLog: z.object({ call_id: id('call_id') }),
  listContainers: empty,
};

/** One readable line from a zod failure: "memory: memory must be 1-8192 MB". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
