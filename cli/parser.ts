/**
 * The parser `websocket-doctor scan` gives ESLint for every file, JavaScript and TypeScript alike:
 * typescript-estree and `@typescript-eslint/scope-manager` (the plugin's own dependencies), set up
 * as typescript-eslint's parser would set them up, so that the scan needs nothing installed in the
 * project it looks at.
 */
import { analyze } from '@typescript-eslint/scope-manager';
import { parse } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export const meta = { name: 'websocket-doctor/parser' };

export function parseForESLint(code: string, options: { readonly filePath?: string } = {}) {
  const filePath = options.filePath ?? 'file.ts';
  const jsx = /\.[jt]sx$|\.[cm]?js$/.test(filePath);
  const ast = parse(code, { range: true, loc: true, tokens: true, comment: true, jsx, filePath });
  const sourceType = /\.c[jt]s$/.test(filePath) ? 'script' : 'module';
  const scopeManager = analyze(ast, { sourceType, globalReturn: sourceType === 'script' });
  return { ast, scopeManager, visitorKeys, services: {} };
}
