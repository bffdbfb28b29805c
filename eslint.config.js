// This repository's own lint: typescript-eslint's recommended rules everywhere, and
// eslint-plugin-eslint-plugin on the rules and their tests.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'examples/', 'tests/.tmp/', 'codemods/*/__fixtures__/'] },
  ...tseslint.configs.recommended,
  { files: ['rules/**/*.ts'], ...eslintPlugin.configs.recommended },
  {
    // Rules report through one shared adapter (rules/create-rule.ts reportFindings), which this
    // rule cannot follow: it sees no `suggest` in the rule file itself. tests/docs.test.ts and
    // the rule tests check every rule's suggestions instead.
    files: ['rules/**/*.ts'],
    rules: { 'eslint-plugin/require-meta-has-suggestions': 'off' },
  },
  { files: ['tests/rules/**/*.ts'], ...eslintPlugin.configs['tests-recommended'] },
);
