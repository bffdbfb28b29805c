/**
 * Facts of a file outside ESLint (codemods, the fix engine's convergence loop): typescript-estree
 * parses it (JSX by extension, comments kept so that edits never swallow one) and
 * `@typescript-eslint/scope-manager` resolves its names, as the typescript-eslint parser would.
 */
import { analyze } from '@typescript-eslint/scope-manager';
import { parse } from '@typescript-eslint/typescript-estree';

import { buildSocketModel, isTypeScriptFile } from './index.js';
import type { ScopeManagerLike } from './resolve.js';
import type { ProjectKnowledge, SocketModel } from './types.js';

/** The facts of a file's text; throws the parser's error when the text does not parse. */
export function factsOfText(text: string, filename: string, project?: ProjectKnowledge): SocketModel {
  const jsx = /\.[jt]sx$/.test(filename) || /\.[cm]?js$/.test(filename);
  const ast = parse(text, { range: true, loc: true, comment: true, tokens: false, jsx, filePath: filename });
  const sourceType = /\.c[jt]s$/.test(filename) ? 'script' : 'module';
  const scopeManager = analyze(ast, { sourceType, globalReturn: sourceType === 'script' }) as unknown as ScopeManagerLike;
  return buildSocketModel({ ast, scopeManager, text, typescript: isTypeScriptFile(filename), ...(project ? { project } : {}) });
}
