// ESLint, flat config: typescript-eslint with type information, and React's rules of hooks.
// `npm test` runs it and counts any warning as a failure.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';


// The layers, enforced on every import (test/unit/layering.test.ts plants a violation of each):
// - the renderer imports no main/, no Node built-in and no electron;
// - shared/ imports no electron, no Node built-in and no main/;
// - the preload imports only electron and shared/ipc;
// - main's lower layers (everything but its composition root and transports) never import up
//   into main/app, main/ipc or a transport.
const nodeBuiltin = { module: { origin: 'core' } };
const electron = { module: { origin: 'external', source: 'electron' } };
const element = (type) => ({ element: { type } });
export const layering = {
  files: ['main/**/*.ts', 'shared/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': [
      { type: 'renderer', pattern: 'renderer/**', partialMatch: false },
      { type: 'shared-ipc', pattern: 'shared/ipc/**', partialMatch: false },
      { type: 'shared', pattern: 'shared/**', partialMatch: false },
      { type: 'preload', pattern: 'preload/**', partialMatch: false },
      { type: 'main-top', pattern: 'main/{app,ipc,electron,cli,browser-host}/**', partialMatch: false },
      { type: 'main', pattern: 'main/**', partialMatch: false },
    ],
    'import/resolver': { typescript: { alwaysTryTypes: true } },
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'allow',
        // Node built-ins and packages (electron) are dependencies too, not only our own files.
        checkAllOrigins: true,
        policies: [
          { from: element('renderer'), disallow: { to: [element('main'), element('main-top'), element('preload'), nodeBuiltin, electron] }, message: 'The renderer runs in a sandboxed page: it reaches main only through window.alphaswarm, never main/, Node or electron.' },
          { from: [element('shared'), element('shared-ipc')], disallow: { to: [element('main'), element('main-top'), element('renderer'), element('preload'), nodeBuiltin, electron] }, message: 'shared/ is loaded by main, the renderer and the CLI alike: no main/, renderer/, Node built-in or electron.' },
          { from: element('preload'), disallow: { to: [element('main'), element('main-top'), element('renderer'), element('shared'), nodeBuiltin] }, message: 'The preload may import only electron and shared/ipc.' },
          { from: element('main'), disallow: { to: [element('main-top')] }, message: "main's lower layers must not import main/app, main/ipc or a transport (an arrow up): pass what they need in." },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'release-smoke/**', 'node_modules/**', 'test-results/**', '.electron-native/**', 'build/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The four projects: shared, main (Node, no DOM), renderer (DOM, no Node), tests and tools (both).
        project: ['./tsconfig.shared.json', './tsconfig.main.json', './tsconfig.renderer.json', './tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused values are mistakes; a leading underscore says "deliberately unused".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' }],
      // Promises are awaited or explicitly dropped with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Plain JavaScript tools: linted, without type information.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' },
    },
  },
  {
    // The smoke tests evaluate functions in the page.
    files: ['scripts/smoke-*.mjs'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // The rules of hooks and their dependency lists (the compiler-oriented rules are not used here).
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Callbacks arrive as props and are destructured; none of them relies on `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Tests and tools handle parsed JSON and fakes' wire formats freely; the product code does not.
    files: ['test/**/*.ts', 'scripts/**/*.mjs', '*.mjs', '*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes and stubs implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  layering,
);
