/**
 * A file's formatting, detected once per file, so that what plans write looks like the code around
 * it: the indentation unit, the quote of string literals, whether statements end with semicolons,
 * and the line ending.
 */
import type { Node } from '../facts/ast.js';

export interface Style {
  /** One level of indentation: a tab, or some spaces. */
  readonly indentUnit: string;
  readonly quote: "'" | '"';
  readonly semicolons: boolean;
  readonly eol: '\n' | '\r\n';
  /** A TypeScript file: plans write the type annotations strict mode needs. */
  readonly typescript: boolean;
}

export const DEFAULT_STYLE: Style = { indentUnit: '  ', quote: "'", semicolons: true, eol: '\n', typescript: false };

/** Statements that end with a semicolon in a file that uses them. */
const SEMICOLON_STATEMENTS: ReadonlySet<string> = new Set([
  'ExpressionStatement',
  'VariableDeclaration',
  'ReturnStatement',
  'ThrowStatement',
  'ImportDeclaration',
  'BreakStatement',
  'ContinueStatement',
]);

/**
 * Detects the style from the text and its nodes (`nodes` is the facts' pre-order list; without it
 * only indentation and line endings are detected).
 */
export function detectStyle(text: string, nodes: readonly Node[] = [], typescript = false): Style {
  return {
    indentUnit: detectIndentUnit(text),
    quote: detectQuote(text, nodes),
    semicolons: detectSemicolons(text, nodes),
    eol: detectEol(text),
    typescript,
  };
}

function detectEol(text: string): Style['eol'] {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (text[i - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Tabs if most indented lines start with one; otherwise the most frequent indentation step. */
function detectIndentUnit(text: string): string {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const indentation = /^[ \t]*/.exec(line)![0];
    if (indentation.startsWith('\t')) tabs++;
    else if (indentation.length > 0) spaces++;
    if (!indentation.includes('\t')) {
      const width = indentation.length;
      // Continuation lines of a block comment (` * …`) are off by one: ignore odd steps of 1.
      if (width > previous && !line.trimStart().startsWith('*')) steps.set(width - previous, (steps.get(width - previous) ?? 0) + 1);
      previous = width;
    }
  }
  if (tabs > spaces) return '\t';
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (step >= 2 && step <= 8 && (count > bestCount || (count === bestCount && step < best))) {
      best = step;
      bestCount = count;
    }
  }
  return ' '.repeat(best);
}

/** The quote most string literals use (JSX attributes and directives aside). */
function detectQuote(text: string, nodes: readonly Node[]): Style['quote'] {
  let single = 0;
  let double = 0;
  for (const node of nodes) {
    if (node.type !== 'Literal' || typeof node.value !== 'string') continue;
    const first = text[node.range[0]];
    if (first === "'") single++;
    else if (first === '"') double++;
  }
  // JSX attribute values are conventionally double-quoted whatever the code uses: discount them.
  for (const node of nodes) {
    if (node.type === 'JSXAttribute' && node.value?.type === 'Literal' && text[node.value.range[0]] === '"') double--;
  }
  return double > single ? '"' : "'";
}

/** Semicolons unless most statements that could end with one do not. */
function detectSemicolons(text: string, nodes: readonly Node[]): boolean {
  let withSemicolon = 0;
  let without = 0;
  for (const node of nodes) {
    if (!SEMICOLON_STATEMENTS.has(node.type)) continue;
    // `for (let i = 0; …)` declares without a statement semicolon of its own.
    if (node.type === 'VariableDeclaration' && text[node.range[1] - 1] !== ';' && /^\s*(?:of|in)\b|^\s*;/.test(text.slice(node.range[1], node.range[1] + 4))) continue;
    if (text[node.range[1] - 1] === ';') withSemicolon++;
    else without++;
  }
  return without <= withSemicolon;
}
