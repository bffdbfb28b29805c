/**
 * What the variants and the structure check both need from typescript-estree: a parse that
 * allows JSX where ESLint does, and what counts as a statement.
 */
import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';

/** JSX as ESLint's options allow it: TypeScript's `<T>x` assertions exclude it in .ts files. */
export function parseProgram(code: string, filename: string, options: { tokens?: boolean } = {}): TSESTree.Program | undefined {
  try {
    return parse(code, { range: true, tokens: options.tokens ?? false, jsx: /\.(?:jsx?|mjs|cjs|tsx)$/.test(filename) });
  } catch {
    return undefined;
  }
}

const STATEMENT_LIST_PARENTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'TSModuleBlock']);

/** Constructs whose `body` is one statement: braceless, it is the whole body. */
export const SOLE_BODY_PARENTS = new Set([
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'LabeledStatement',
  'WithStatement',
]);

/**
 * A node is a statement by where it stands, not by its type: a `VariableDeclaration` in a
 * `for (…;…;…)` head is not one, the loop is.
 */
export function isStatementOf(node: TSESTree.Node, parent: TSESTree.Node | undefined): boolean {
  if (!parent) return false;
  if (STATEMENT_LIST_PARENTS.has(parent.type)) return true;
  if (parent.type === 'SwitchCase') return parent.consequent.includes(node as TSESTree.Statement);
  if (parent.type === 'IfStatement') return node === parent.consequent || node === parent.alternate;
  return SOLE_BODY_PARENTS.has(parent.type) && node === (parent as { body?: TSESTree.Node }).body;
}
