// The layer rules of eslint.config.mjs, run through ESLint's Node API on small snippets placed in each layer: every
// forbidden import (and direct time read in core) is reported, and the imports each layer needs are not.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

// Loading the config (typescript-eslint and its parser) takes seconds on a busy machine: done once, here.
beforeAll(async () => {
  eslint = new ESLint({ cwd: root });
  await eslint.calculateConfigForFile(`${root}src/main/core/agent.ts`);
}, 60_000);

/** The messages of one rule for `code` linted as if it were the file at `path` (relative to the project root). */
async function reported(path: string, code: string, rule: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

const importing = (spec: string) => `import { x } from '${spec}';\nexport { x };\n`;
const importingType = (spec: string) => `import type { X } from '${spec}';\nexport type { X };\n`;

// [file the snippet stands in for, import specifier]
const forbidden: Array<[string, string]> = [
  ['src/main/core/agent.ts', 'electron'],
  ['src/main/core/agent.ts', '../host/call-service'],
  ['src/main/core/protocols/http-stream.ts', '../../host/store/call-store'],
  ['src/main/core/agent.ts', '../../renderer/src/store/selectors'],
  ['src/main/core/agent.ts', '../../preload/index'],
  ['src/main/core/agent.ts', '../index'],
  ['src/main/core/agent.ts', '../electron/ipc-binding'],
  ['src/shared/models.ts', 'node:crypto'],
  ['src/shared/models.ts', 'fs'],
  ['src/shared/models.ts', 'electron'],
  ['src/shared/models.ts', 'react'],
  ['src/shared/models.ts', 'zod/mini'],
  ['src/shared/models.ts', '../main/core/clock'],
  ['src/shared/models.ts', '../renderer/src/store/selectors'],
  ['src/shared/models.ts', './../main/core/clock'],
  ['src/main/host/http-api.ts', 'electron'],
  ['src/main/host/http-api.ts', 'electron/main'],
  ['src/main/host/http-api.ts', '../../renderer/src/store/selectors'],
  ['src/main/host/store/call-store.ts', '../../../renderer/src/store/selectors'],
  ['src/main/host/http-api.ts', '../../preload/index'],
  ['src/main/host/http-api.ts', '../electron/ipc-binding'],
  ['src/main/host/http-api.ts', '../index'],
  ['src/renderer/src/store/selectors.ts', '../../../main/core/agent'],
  ['src/renderer/src/features/calls/CallTable.tsx', '../../../../main/host/http-api'],
  ['src/renderer/src/store/selectors.ts', '../../../preload/index'],
  ['src/renderer/src/store/selectors.ts', 'node:path'],
  ['src/renderer/src/store/selectors.ts', 'path'],
  ['src/renderer/src/store/selectors.ts', 'fs/promises'],
];

const allowed: Array<[string, string]> = [
  ['src/main/core/agent.ts', './clock'],
  ['src/main/core/protocols/http-stream.ts', '../driver'],
  ['src/main/core/agent.ts', '../../shared/models'],
  ['src/main/core/agent.ts', 'node:fs'],
  ['src/main/core/docker-driver.ts', 'dockerode'],
  ['src/shared/api-contract.ts', './models'],
  ['src/shared/api-schemas.ts', 'zod'],
  ['src/main/host/http-api.ts', '../core/agent'],
  ['src/main/host/http-api.ts', '../../shared/models'],
  ['src/main/host/store/call-store.ts', '../../../shared/models'],
  ['src/main/host/http-api.ts', 'node:http'],
  ['src/renderer/src/store/selectors.ts', '../../../shared/models'],
  ['src/renderer/src/store/selectors.ts', './call-filter'],
  ['src/renderer/src/store/selectors.ts', '../features/calls/events'],
  ['src/renderer/src/store/selectors.ts', 'zustand'],
];

describe('layer import rules', () => {
  it.each(forbidden)('%s may not import %s', async (path, spec) => {
    expect(await reported(path, importing(spec), 'no-restricted-imports')).not.toEqual([]);
    expect(await reported(path, importingType(spec), 'no-restricted-imports')).not.toEqual([]);
  });

  it.each(allowed)('%s may import %s', async (path, spec) => {
    expect(await reported(path, importing(spec), 'no-restricted-imports')).toEqual([]);
  });
});

describe('time in core comes from the injected clock', () => {
  const core = 'src/main/core/container-tracker.ts';

  it.each(['Date.now()', 'new Date()', 'performance.now()', 'Date()'])(
    '%s is reported in core',
    async (read) => {
      expect(await reported(core, `export const t = ${read};\n`, 'no-restricted-syntax')).toHaveLength(1);
    },
  );

  it('allows dates made from the clock, and clock.ts itself', async () => {
    const fromClock = 'export const f = (clock: { now(): number }) => new Date(clock.now()).toISOString();\n';
    expect(await reported(core, fromClock, 'no-restricted-syntax')).toEqual([]);
    const clock = 'export const now = () => performance.timeOrigin + performance.now();\n';
    expect(await reported('src/main/core/clock.ts', clock, 'no-restricted-syntax')).toEqual([]);
  });

  it('does not apply outside core', async () => {
    expect(
      await reported('src/main/host/retention.ts', 'export const t = Date.now();\n', 'no-restricted-syntax'),
    ).toEqual([]);
  });
});
