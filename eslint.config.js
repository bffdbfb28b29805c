// This repository's own lint: typescript-eslint's recommended rules everywhere, and
// eslint-plugin-eslint-plugin on the rules and their tests.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'examples/', 'tests/.tmp/'] },
  ...tseslint.configs.recommended,
  { files: ['rules/**/*.ts'], ...eslintPlugin.configs.recommended },
  { files: ['tests/rules/**/*.ts'], ...eslintPlugin.configs['tests-recommended'] },
);
