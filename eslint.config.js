// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// stack.md §4.5 and §2.2: each pretrained encoder's packages are imported by its embedder module only,
// and @lat.md/embed's remote (API-key) backend is never reachable. Static imports are covered by
// no-restricted-imports, dynamic import() by no-restricted-syntax.
const TYPEBOX_PATTERN = {
  group: ['@sinclair/typebox'],
  message: 'Use `typebox` (TypeBox 1.x), see stack.md §2.1.',
};
const ENCODER_PACKAGES = {
  energetic: {
    file: 'src/ml/embeddings/use-lite-embedder.ts',
    pattern: '@energetic-ai/',
    message: 'Only src/ml/embeddings/use-lite-embedder.ts imports @energetic-ai/* (stack.md §4.5).',
  },
  latmd: {
    file: 'src/ml/embeddings/minilm-embedder.ts',
    pattern: '@lat.md/',
    message: 'Only src/ml/embeddings/minilm-embedder.ts imports @lat.md/* (stack.md §2.2).',
  },
  onnx: {
    file: 'src/ml/embeddings/minilm-native.ts',
    pattern: 'onnxruntime-',
    message:
      'Only src/ml/embeddings/minilm-native.ts imports onnxruntime-*, so the native library loads lazily.',
  },
};
const REMOTE_BACKEND = {
  group: ['@lat.md/embed/*'],
  message:
    "@lat.md/embed's remote backend must never be configured (stack.md §2.2); import the package root.",
};
/** Import restrictions for a file that may use the encoder packages named in `allowed`. */
function encoderImportRules(allowed) {
  const banned = Object.entries(ENCODER_PACKAGES).filter(([name]) => !allowed.includes(name));
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          TYPEBOX_PATTERN,
          REMOTE_BACKEND,
          ...banned.map(([, entry]) => ({ group: [`${entry.pattern}*`], message: entry.message })),
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      ...banned.map(([, entry]) => ({
        selector: `ImportExpression[source.value=/^${escape(entry.pattern)}/]`,
        message: entry.message,
      })),
      {
        selector: 'ImportExpression[source.value=/^@lat\\.md\\/embed\\/./]',
        message: REMOTE_BACKEND.message,
      },
      {
        // The key selects the remote backend of createEmbedder({ key, model }).
        selector: 'CallExpression[callee.property.name="createEmbedder"] Property[key.name="key"]',
        message: REMOTE_BACKEND.message,
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'sift-data/', 'coverage/', 'openapi.json'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.cjs', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'import-x/no-cycle': 'error',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          'newlines-between': 'always',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      ...encoderImportRules([]),
    },
    settings: { 'import-x/resolver': { typescript: true, node: true } },
  },
  { files: [ENCODER_PACKAGES.energetic.file], rules: encoderImportRules(['energetic']) },
  { files: [ENCODER_PACKAGES.latmd.file], rules: encoderImportRules(['latmd']) },
  { files: [ENCODER_PACKAGES.onnx.file], rules: encoderImportRules(['onnx']) },
  {
    files: ['src/cli/**', 'scripts/**', 'bench/**', 'eval/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The web UI (architecture.md §10.2) runs in the browser and follows the rules of hooks.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['web/**/*.test.tsx', 'web/test-setup.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['**/*.js', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  prettier,
);
