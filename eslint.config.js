// ESLint flat config: typescript-eslint recommended rules plus the layering rules of
// docs/ARCHITECTURE.md (which package may import which), so a boundary break fails CI.
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'stream',
  'worker_threads',
]
const pkg = (names) =>
  names.map((n) => ({
    group: [`@civicpulse/${n}`, `@civicpulse/${n}/*`],
    message: `This package may not import @civicpulse/${n} (see docs/ARCHITECTURE.md).`,
  }))

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'packages/web/dist/**',
      'artifacts/**',
      'data/**',
      '**/*.tmp.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_BUILTINS, message: 'core is pure: no I/O.' },
            ...pkg(['engine', 'adapters', 'server', 'cli', 'web']),
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'core takes the time as an argument (Clock port).',
        },
        { object: 'Math', property: 'random', message: 'core takes a seeded generator.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core reads no environment.' },
      ],
    },
  },
  {
    files: ['packages/engine/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: pkg(['adapters', 'server', 'cli', 'web']) }],
    },
  },
  {
    files: ['packages/adapters/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: pkg(['engine', 'server', 'cli', 'web']) }],
    },
  },
  {
    files: ['packages/server/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: pkg(['cli', 'web']) }] },
  },
  {
    files: ['packages/cli/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: pkg(['web']) }] },
  },
)
