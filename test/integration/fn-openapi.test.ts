// Responses of every operation in Fn's own OpenAPI description (test/fixtures/fn-api/swagger_v2.yml) validate
// against it, checked by ajv, with the allowances the fixtures' README lists.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE } from '../support/test-images';

interface Operation {
  responses: Record<string, { schema?: { $ref?: string } }>;
}
const spec = parse(readFileSync(join(__dirname, '..', 'fixtures', 'fn-api', 'swagger_v2.yml'), 'utf8')) as {
  basePath: string;
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, { properties?: Record<string, { additionalProperties?: unknown }> }>;
};
// Allowance: annotation values may be any JSON (the spec says object; Fn itself puts strings there).
for (const d of Object.values(spec.definitions))
  if (d.properties?.annotations) d.properties.annotations.additionalProperties = {};
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// Go's integer formats: the type check is what matters.
for (const f of ['uint64', 'uint32']) ajv.addFormat(f, true);
ajv.addSchema({ definitions: spec.definitions }, 'fn');

let s: ServeProcess;
const ids = { app: '', fn: '', trigger: '' };
beforeAll(async () => {
  s = await startServe();
});
afterAll(async () => {
  await s?.stop();
});

/** One request; its answer must be one of the operation's documented responses and match that schema. */
async function check(method: string, specPath: string, path: string, body?: unknown): Promise<unknown> {
  const op = spec.paths[specPath]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${specPath} is not in the spec`);
  const res = await fetch(`${s.baseUrl}${spec.basePath}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const documented = op.responses[String(res.status)] ?? op.responses.default;
  expect({ [`${method} ${path}`]: documented ? 'documented' : `undocumented ${res.status}` }).toEqual({
    [`${method} ${path}`]: 'documented',
  });
  const ref = documented?.schema?.$ref;
  if (!ref) {
    expect(text).toBe('');
    return null;
  }
  const value = JSON.parse(text) as unknown;
  const validate = ajv.getSchema(`fn${ref}`);
  if (!validate) throw new Error(`no schema ${ref}`);
  const ok = validate(value);
  expect({ [`${method} ${path} → ${res.status}`]: ok ? 'valid' : ajv.errorsText(validate.errors) }).toEqual({
    [`${method} ${path} → ${res.status}`]: 'valid',
  });
  return value;
}

describe("Fn's OpenAPI description", () => {
  it('validates apps responses', async () => {
    const app = (await check('POST', '/apps', '/apps', {
      name: 'spec',
      config: { A: '1' },
      annotations: { x: 'y' },
    })) as { id: string };
    ids.app = app.id;
    await check('POST', '/apps', '/apps', { name: 'spec' }); // 409
    await check('POST', '/apps', '/apps', { name: 'bad name' }); // 400
    await check('GET', '/apps', '/apps');
    await check('GET', '/apps', '/apps?name=spec&per_page=1');
    await check('GET', '/apps/{appID}', `/apps/${ids.app}`);
    await check('GET', '/apps/{appID}', '/apps/nope'); // 404
    await check('PUT', '/apps/{appID}', `/apps/${ids.app}`, { config: { B: '2' } });
    await check('PUT', '/apps/{appID}', `/apps/${ids.app}`, { config: ['bad'] }); // 400
    await check('PUT', '/apps/{appID}', '/apps/nope', { config: {} }); // 404
  });

  it('validates functions responses', async () => {
    const fn = (await check('POST', '/fns', '/fns', {
      app_id: ids.app,
      name: 'f',
      image: BUSYBOX_IMAGE,
      format: 'default',
      config: { K: 'V' },
    })) as { id: string };
    ids.fn = fn.id;
    await check('POST', '/fns', '/fns', { app_id: ids.app, name: 'f', image: BUSYBOX_IMAGE }); // 409
    await check('POST', '/fns', '/fns', { app_id: 'nope', name: 'g', image: BUSYBOX_IMAGE }); // 404
    await check('POST', '/fns', '/fns', { app_id: ids.app, name: 'g', image: BUSYBOX_IMAGE, memory: 0 }); // 400
    await check('GET', '/fns', `/fns?app_id=${ids.app}`);
    await check('GET', '/fns/{fnID}', `/fns/${ids.fn}`);
    await check('GET', '/fns/{fnID}', '/fns/nope');
    await check('PUT', '/fns/{fnID}', `/fns/${ids.fn}`, { memory: 64 });
    await check('PUT', '/fns/{fnID}', `/fns/${ids.fn}`, { timeout: 0 }); // 400
    await check('PUT', '/fns/{fnID}', '/fns/nope', { memory: 64 });
  });

  it('validates triggers responses', async () => {
    const body = { app_id: ids.app, fn_id: ids.fn, name: 't', type: 'http', source: '/t' };
    const t = (await check('POST', '/triggers', '/triggers', body)) as { id: string };
    ids.trigger = t.id;
    await check('POST', '/triggers', '/triggers', body); // 409
    await check('POST', '/triggers', '/triggers', { ...body, name: 'u', source: 'no-slash' }); // 400
    await check('POST', '/triggers', '/triggers', { ...body, name: 'u', source: '/u', fn_id: 'nope' }); // 404
    await check('GET', '/triggers', `/triggers?app_id=${ids.app}`);
    await check('GET', '/triggers/{triggerID}', `/triggers/${ids.trigger}`);
    await check('GET', '/triggers/{triggerID}', '/triggers/nope');
    await check('PUT', '/triggers/{triggerID}', `/triggers/${ids.trigger}`, { source: '/t2' });
    await check('PUT', '/triggers/{triggerID}', `/triggers/${ids.trigger}`, { source: 'x' }); // 400
    await check('PUT', '/triggers/{triggerID}', '/triggers/nope', { source: '/x' });
  });

  it('validates deletes', async () => {
    await check('DELETE', '/triggers/{triggerID}', `/triggers/${ids.trigger}`);
    await check('DELETE', '/triggers/{triggerID}', `/triggers/${ids.trigger}`); // 404
    await check('DELETE', '/fns/{fnID}', `/fns/${ids.fn}`);
    await check('DELETE', '/fns/{fnID}', `/fns/${ids.fn}`);
    await check('DELETE', '/apps/{appID}', `/apps/${ids.app}`);
    await check('DELETE', '/apps/{appID}', `/apps/${ids.app}`);
  });
});
