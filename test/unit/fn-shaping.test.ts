// Shaping settings: read from annotations (numbers or the CLI's strings), checked against the engine's CPUs and the
// pool with messages naming the annotation, refused by the registry before anything is stored, and the form's boxes.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/errors';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import { readShaping, shapingIssues, shapingWords } from '../../src/shared/fn-shaping';
import { fnToForm, fnUpdatePatch, parseFnForm, DEFAULT_FN_FORM } from '../../src/renderer/src/store/fn-form';
import { shapingFieldOf } from '../../src/renderer/src/store/shaping-form';
import { getCall } from '../../src/main/core/get-call';
import { openRegistryFixture, type RegistryFixture } from '../support/registry-fixture';
import { fnFixture } from '../support/fn-fixture';

const { cpus: CPUS, maxConcurrency: CAP, minWarm: WARM } = FN_ANNOTATIONS;
const limits = { engineCpus: 2, poolMb: 1000, warmElsewhereMb: 0 };

describe('reading and checking shaping', () => {
  it('reads numbers and numeric strings; zero warm containers is none', () => {
    expect(readShaping({ [CPUS]: 0.5, [CAP]: '3', [WARM]: 0, other: 'x' })).toEqual({
      ok: true,
      shaping: { cpus: 0.5, max_concurrency: 3 },
    });
  });

  it('names the annotation of each unreadable value', () => {
    const r = readShaping({ [CPUS]: 'lots', [CAP]: 1.5, [WARM]: -1 });
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.issues.map((i) => `${i.field}|${i.message}`);
    expect(messages).toEqual([
      `cpus|${CPUS} must be a number of CPUs, e.g. 0.5`,
      `max_concurrency|${CAP} must be a whole number of calls, 1 or more`,
      `min_warm|${WARM} must be a whole number of containers, 0 or more`,
    ]);
    expect(readShaping({ [CPUS]: 0.001 })).toMatchObject({ ok: false, issues: [{ field: 'cpus' }] });
  });

  it('refuses more CPUs than the engine, caps and warm containers that cannot fit the pool', () => {
    const fn = { memory: 300, format: 'json' as const };
    expect(shapingIssues(fn, { cpus: 2, max_concurrency: 3, min_warm: 3 }, limits)).toEqual([]);
    const issues = shapingIssues(fn, { cpus: 3, max_concurrency: 4 }, limits);
    expect(issues.map((i) => i.field)).toEqual(['cpus', 'max_concurrency']);
    expect(issues[0].message).toBe(`${CPUS}: 3 CPUs is more than the Docker engine has (2)`);
    expect(issues[1].message).toContain('4 calls × 300 MB cannot fit the memory pool (1000 MB)');
    // The engine's CPUs are not known yet: the limit is not judged.
    expect(shapingIssues(fn, { cpus: 64 }, { ...limits, engineCpus: undefined })).toEqual([]);
    const warm = (min_warm: number, extra: object = {}, elsewhere = 0) =>
      shapingIssues(fn, { min_warm, ...extra }, { ...limits, warmElsewhereMb: elsewhere }).map(
        (i) => i.message,
      );
    expect(warm(2, {}, 500)[0]).toContain('with 500 MB kept warm for other functions');
    expect(warm(2, { max_concurrency: 1 })[0]).toContain(`more than ${CAP} (1)`);
    expect(shapingIssues({ ...fn, format: 'default' }, { min_warm: 1 }, limits)[0].message).toContain(
      'format default',
    );
  });

  it('says the settings in a few words and gives the call its CPU limit and cap', () => {
    expect(shapingWords({ cpus: 0.5, max_concurrency: 2, min_warm: 1 })).toEqual([
      '0.5 CPU',
      '≤ 2 at once',
      '1 warm',
    ]);
    const c = getCall({
      id: 'c',
      app: { id: 'a', name: 'a' },
      fn: { id: 'f', name: 'f', image: 'i', annotations: { [CPUS]: '1.5', [CAP]: 2 } },
      url: '',
    });
    expect([c.cpus, c.max_concurrency]).toEqual([1.5, 2]);
  });
});

describe('the registry refuses shaping that does not fit', () => {
  let f: RegistryFixture;
  afterEach(() => f.close());

  it("before storing anything, on create and on update, counting other functions' warm containers", () => {
    f = openRegistryFixture(1000);
    const fn = f.fns.json;
    const refused = (action: () => unknown) => {
      try {
        action();
      } catch (err) {
        return err instanceof ApiError && err.code === 'invalid_input'
          ? err.message
          : `other: ${String(err)}`;
      }
      return 'accepted';
    };
    expect(refused(() => f.registry.updateFn(fn.id, { memory: 200, annotations: { [CAP]: 6 } }))).toContain(
      CAP,
    );
    expect(f.registry.getFn(fn.id)).toMatchObject({ memory: 128, annotations: {} });
    expect(refused(() => f.registry.updateFn(fn.id, { annotations: { [WARM]: 4 } }))).toBe('accepted');
    // 4 × 128 MB are kept warm already: 4 more of another function do not fit 1000 MB.
    expect(
      refused(() =>
        f.registry.createFn({
          app_id: f.app.id,
          name: 'more',
          image: 'img:1',
          format: 'json',
          annotations: { [WARM]: 4 },
        }),
      ),
    ).toContain('with 512 MB kept warm for other functions');
    expect(f.registry.listFns({ name: 'more' })).toEqual([]);
  });
});

describe("the form's shaping boxes", () => {
  const stored = fnFixture({ format: 'json', annotations: { [CPUS]: 0.5, [WARM]: 1, team: 'x' } });

  it('fill from the annotations, apart from the other annotations, and patch them back', () => {
    const form = fnToForm(stored, 'app');
    expect(form.shaping).toEqual({ cpus: '0.5', max_concurrency: '', min_warm: '1' });
    expect(form.annotations).toEqual([{ key: 'team', value: 'x' }]);
    const parsed = parseFnForm({ ...form, shaping: { cpus: '', max_concurrency: '2', min_warm: '1' } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(fnUpdatePatch(stored, parsed.fn).annotations).toEqual({ [CPUS]: '', [CAP]: 2 });
  });

  it('mark the box of a bad value, and of a host refusal naming its annotation', () => {
    const parsed = parseFnForm({
      ...DEFAULT_FN_FORM,
      name: 'f',
      image: 'img:1',
      format: 'default',
      shaping: { cpus: 'x', max_concurrency: '', min_warm: '' },
    });
    expect(parsed.ok ? [] : parsed.issues.map((i) => i.field)).toEqual(['cpus']);
    const cold = parseFnForm({
      ...DEFAULT_FN_FORM,
      name: 'f',
      image: 'img:1',
      format: 'default',
      shaping: { cpus: '', max_concurrency: '', min_warm: '1' },
    });
    expect(cold.ok ? [] : cold.issues.map((i) => i.field)).toEqual(['min_warm']);
    expect(shapingFieldOf(`${CAP}: 9 calls × 128 MB cannot fit the memory pool (1000 MB)`)).toBe(
      'max_concurrency',
    );
    expect(shapingFieldOf('memory 9000 MB is more than the whole pool')).toBeNull();
  });
});
