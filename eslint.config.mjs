import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdktf.out/',
      'dist/',
      'coverage/',
      'bench/out/',
      'bench/baseline/',
      '**/*.js',
      '!bin/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['bin/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-template-curly-in-string': 'off',
      // Provider classes load by deep path only: the package roots cost ~1 s and ~130 MB each.
      'no-restricted-imports': [
        'error',
        {
          paths: ['@cdktf/provider-okta', '@cdktf/provider-databricks', '@cdktf/provider-azuread'].map(
            (name) => ({
              name,
              message: 'Import the class by deep path, e.g. @cdktf/provider-okta/lib/app-saml.',
            }),
          ),
        },
      ],
    },
  },
);
