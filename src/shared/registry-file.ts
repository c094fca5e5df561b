// The hand-off file: apps, their functions and their triggers by name (no ids), to move them between Fn Studio
// and any Fn-compatible server.
import { z } from 'zod';
import { FN_FORMATS } from './models';

const stringMap = z.record(z.string(), z.string());
const annotations = z.record(z.string(), z.unknown());

export const registryFileSchema = z.object({
  kind: z.literal('fn-studio/registry', {
    error: 'not an Fn Studio registry file (kind must be "fn-studio/registry")',
  }),
  version: z.literal(1, { error: 'this file was written by a newer Fn Studio (version must be 1)' }),
  exported_at: z.string().optional(),
  apps: z.array(
    z.object({
      name: z.string(),
      config: stringMap.default({}),
      annotations: annotations.default({}),
      syslog_url: z.string().optional(),
      fns: z
        .array(
          z.object({
            name: z.string(),
            image: z.string(),
            memory: z.number().int().optional(),
            timeout: z.number().int().optional(),
            idle_timeout: z.number().int().optional(),
            format: z.enum(FN_FORMATS).optional(),
            network: z.string().optional(),
            config: stringMap.default({}),
            annotations: annotations.default({}),
            triggers: z
              .array(
                z.object({
                  name: z.string(),
                  type: z.literal('http').default('http'),
                  source: z.string(),
                  annotations: annotations.default({}),
                }),
              )
              .default([]),
          }),
        )
        .default([]),
    }),
  ),
});

export type RegistryFile = z.infer<typeof registryFileSchema>;

/** What a push or import did, by kind: names created and updated, and what failed (with the server's words). */
export interface TransferReport {
  created: string[];
  updated: string[];
  errors: string[];
  /**
   * Config keys whose values the file held masked (secrets) and the server does not have, per app or function
   * ("function shop/hello: API_TOKEN"): to be set there by hand. Absent when there are none.
   */
  secrets_not_set?: string[];
}
