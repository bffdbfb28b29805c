import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields of this plugin's rules; the configs are derived from `recommended`. */
export interface WebSocketRuleDocs {
  /** The lowest preset that enables the rule: `recommended` ⊂ `strict` ⊂ `all`. */
  recommended?: 'recommended' | 'strict';
}

export const REPOSITORY_DOCS_URL = 'https://github.com/eslint-plugin-websocket/eslint-plugin-websocket/blob/main/docs/rules';

export const createRule = ESLintUtils.RuleCreator<WebSocketRuleDocs>((name) => `${REPOSITORY_DOCS_URL}/${name}.md`);
