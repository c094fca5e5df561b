// The example functions in resources/examples: registered in an app "examples" by one action from the UI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ExamplesLoaded } from '../../shared/api-contract';
import { describeIssues, fnInputSchema } from '../../shared/api-schemas';
import { ApiError } from '../../shared/errors';
import { FN_ANNOTATIONS } from '../../shared/fn-annotations';
import type { FunctionRegistry } from './function-registry';

export const EXAMPLES_APP = 'examples';
const MANIFEST = 'examples.json';

const manifestSchema = z.array(
  fnInputSchema.pick({ name: true, format: true, memory: true, image: true }).required({ format: true }),
);

/** The examples the manifest lists; each one's folder (its Dockerfile) is named after it. */
export function readExamples(dir: string) {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch {
    throw new ApiError(
      'not_found',
      `the example functions are not part of this installation (no ${MANIFEST} in ${dir})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${join(dir, MANIFEST)} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${join(dir, MANIFEST)} is not a valid example list: ${describeIssues(parsed.error)}`);
  return parsed.data.map((e) => ({ ...e, folder: join(dir, e.name) }));
}

/**
 * Creates the app and whichever example functions it lacks (existing ones, maybe edited by the user, are kept).
 * Images are not built here: the UI builds the missing ones with progress, one at a time.
 */
export function registerExamples(registry: FunctionRegistry, dir: string): ExamplesLoaded {
  const examples = readExamples(dir);
  const app =
    registry.listApps().find((a) => a.name === EXAMPLES_APP) ?? registry.createApp({ name: EXAMPLES_APP });
  const existing = registry.listFns({ app_id: app.id });
  const loaded = examples.map((e) => {
    const fn =
      existing.find((f) => f.name === e.name) ??
      registry.createFn({
        name: e.name,
        app_id: app.id,
        image: e.image,
        format: e.format,
        memory: e.memory,
        // Tied to its folder, so Watch (or a rebuild) needs no typing.
        annotations: { [FN_ANNOTATIONS.sourceFolder]: e.folder },
      });
    return { fn_id: fn.id, name: fn.name, image: fn.image, folder: e.folder };
  });
  return { app_id: app.id, examples: loaded };
}
