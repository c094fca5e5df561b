// Config as editable key/value rows: validation of the rows, and the PUT patch that deletes removed keys with "".
import type { FormIssue } from './fn-form';

export interface ConfigRow {
  key: string;
  value: string;
}

// The same rule as the host's: config keys become environment variables in the container.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const rowsFromConfig = (config: Record<string, string>): ConfigRow[] =>
  Object.entries(config).map(([key, value]) => ({ key, value }));

/** The rows as an object; blank rows are ignored, bad or repeated keys are issues (field 'config'). */
export function parseConfigRows(
  rows: readonly ConfigRow[],
): { ok: true; config: Record<string, string> } | { ok: false; issues: FormIssue[] } {
  const config: Record<string, string> = {};
  const issues: FormIssue[] = [];
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '' && row.value === '') continue;
    if (!ENV_NAME.test(key) || key === '__proto__') {
      issues.push({
        field: 'config',
        message: `config key "${key}" must be a valid environment variable name`,
      });
    } else if (Object.hasOwn(config, key)) {
      issues.push({ field: 'config', message: `config key "${key}" is given twice` });
    } else config[key] = row.value;
  }
  return issues.length ? { ok: false, issues } : { ok: true, config };
}

/** What PUT needs to turn `before` into `after`: changed keys, and "" for each removed key (merge semantics). */
export function configPatch(
  before: Record<string, string>,
  after: Record<string, string>,
): Record<string, string> {
  const patch: Record<string, string> = {};
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) patch[key] = '';
  for (const [key, value] of Object.entries(after)) if (before[key] !== value) patch[key] = value;
  return patch;
}
