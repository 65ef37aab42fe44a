// ESLint flat config: the recommended JavaScript and typescript-eslint sets, plus three
// type-aware rules that catch what the type checker does not: a promise nobody awaits
// (an unhandled rejection or a step that silently runs out of order), a promise passed where a
// void callback is expected (an event handler whose failure is lost), and a switch over a union
// that forgets a member. `npm run lint`; `npm test` runs it before the suite.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'templates/**', 'out/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe()/it() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly' },
    },
  },
  {
    rules: {
      // The code matches control characters on purpose: stripping ANSI escapes, refusing NUL and
      // C0 bytes in user input and object keys, redacting terminal output.
      'no-control-regex': 'off',
      // `let { a, b } = …` where only one is reassigned stays one destructuring.
      'prefer-const': ['error', { destructuring: 'all' }],
      // Unused bindings: `_`-prefixed ones are deliberate (an ignored callback argument, a
      // destructured field left out of a rest object).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests walk synthesized Terraform JSON and parsed CLI output of arbitrary shape, and their
    // regexes match aligned table columns where a run of spaces is the point. src/ops/ reads the
    // JSON of cloud CLIs (aws ecs/logs, kubectl, docker) field by field.
    files: ['test/**/*.ts', 'src/ops/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      'no-regex-spaces': 'off',
    },
  },
);
