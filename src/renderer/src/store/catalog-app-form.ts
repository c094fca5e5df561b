// The app form (name and config rows), validated before it is sent, and the PUT patch for an edit.
import type { AppInput } from '../../../shared/api-contract';
import { NAME_PATTERN } from '../../../shared/api-schemas';
import type { App } from '../../../shared/models';
import { configPatch, parseConfigRows, rowsFromConfig, type ConfigRow } from './catalog-config-rows';
import type { FormIssue } from './fn-form';

export interface AppFormValues {
  name: string;
  config: ConfigRow[];
}

export const EMPTY_APP_FORM: AppFormValues = { name: '', config: [] };

export const appToForm = (app: App): AppFormValues => ({
  name: app.name,
  config: rowsFromConfig(app.config),
});

export function parseAppForm(
  values: AppFormValues,
): { ok: true; app: Required<Pick<AppInput, 'name' | 'config'>> } | { ok: false; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const name = values.name.trim();
  if (!NAME_PATTERN.test(name))
    issues.push({ field: 'name', message: "app name must be 1-255 letters, digits, '_' or '-'" });
  const config = parseConfigRows(values.config);
  if (!config.ok) issues.push(...config.issues);
  if (issues.length || !config.ok) return { ok: false, issues };
  return { ok: true, app: { name, config: config.config } };
}

/** Only what changed; removed config keys are sent as "" so the host deletes them. */
export function appUpdatePatch(
  before: App,
  parsed: { name: string; config: Record<string, string> },
): Partial<AppInput> {
  const patch: Partial<AppInput> = {};
  if (parsed.name !== before.name) patch.name = parsed.name;
  const config = configPatch(before.config, parsed.config);
  if (Object.keys(config).length) patch.config = config;
  return patch;
}
