// Lint rules: typescript-eslint recommended, React hooks rules for the renderer, the layer rules (what each of core,
// shared, host and the renderer may import) and the injected clock in core.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// Import specifiers are matched as written: `up` is any number of `../`, so a rule holds at every folder depth.
const up = String.raw`^(\.\./)+`;
const electron = { regex: '^electron(/|$)', message: 'core, host and shared never import electron' };
/** The Electron side of main: its entry (src/main/index.ts) and src/main/electron. */
const electronSide = (layer) => ({
  regex: `${up}(electron(/|$)|index(\\.[jt]s)?$)`,
  message: `${layer} never imports the Electron entry or src/main/electron`,
});
const restrict = (patterns, paths = []) => ({ 'no-restricted-imports': ['error', { patterns, paths }] });

const clockOnly = 'core reads time through the injected Clock (clock.ts): clock.now(), new Date(clock.now())';

export default tseslint.config(
  { ignores: ['out/**', 'reports/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: restrict([
      electron,
      { regex: `${up}host(/|$)`, message: 'core never imports host: host wraps core, not the other way' },
      { regex: `${up}(renderer|preload)(/|$)`, message: 'core never imports the renderer or the preload' },
      electronSide('core'),
    ]),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      {
        regex: String.raw`^(?!\.{1,2}/|zod$)`,
        message:
          'shared runs in both processes: it imports only its own files and zod (no node:*, no other package)',
      },
      {
        regex: String.raw`(^|/)\.\.(/|$)`,
        message: 'shared imports only its own files, never another layer',
      },
    ]),
  },
  {
    files: ['src/main/host/**/*.ts'],
    rules: restrict([
      electron,
      { regex: `${up}(renderer|preload)(/|$)`, message: 'host never imports the renderer or the preload' },
      electronSide('host'),
    ]),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [
        {
          regex: `${up}(main|preload)(/|$)`,
          message: 'the renderer talks to main only through the typed API in shared',
        },
        { regex: '^node:', message: 'the renderer runs in a browser: no node:* modules' },
      ],
      builtinModules.map((name) => ({
        name,
        message: 'the renderer runs in a browser: no Node built-in modules',
      })),
    ),
  },
  {
    files: ['src/main/core/**/*.ts'],
    ignores: ['src/main/core/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: clockOnly,
        },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clockOnly },
        { selector: "CallExpression[callee.name='Date']", message: clockOnly },
        {
          selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']",
          message: clockOnly,
        },
      ],
    },
  },
  prettier,
);
