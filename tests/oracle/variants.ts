/**
 * Variants of one source: the same code in other line endings, indentation and statement
 * positions. Suggestions are text edits, so they are most likely to break where the code around
 * the finding is not shaped like the rule tests (a braceless body, a dangling `else`, CRLF…).
 */
import { simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';

import { SOLE_BODY_PARENTS, isStatementOf, parseProgram } from './ast.js';

/** Where a rule reported, as ESLint gives it (1-based lines and columns). */
export interface ReportedLocation {
  readonly ruleId: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number | undefined;
  readonly endColumn?: number | undefined;
}

export interface Variant {
  /** `crlf`, `tabs`, or a wrapper and the wrapped statement's position, e.g. `while@12:3`. */
  readonly name: string;
  readonly code: string;
  /** The rules whose findings the variant was made for; if none of them reports, it is skipped. */
  readonly expectedRuleIds: ReadonlySet<string>;
}

type Program = TSESTree.Program;
type Node = TSESTree.Node;

// ---------------------------------------------------------------------------------------------
// Formatting variants.

function toCrlf(code: string): string {
  return code.replace(/\r?\n/g, '\r\n');
}

/** Offsets at which a multi-line template literal continues: their "indentation" is string content. */
function templateContinuations(program: Program): (offset: number) => boolean {
  const templates = (program.tokens ?? []).filter((token) => token.type === 'Template');
  return (offset) => templates.some((token) => token.range[0] < offset && offset < token.range[1]);
}

function toTabs(code: string, program: Program): string {
  const insideTemplate = templateContinuations(program);
  let offset = 0;
  return code
    .split('\n')
    .map((line) => {
      const lineStart = offset;
      offset += line.length + 1;
      if (insideTemplate(lineStart)) return line;
      return line.replace(/^ +/, (spaces) => '\t'.repeat(Math.floor(spaces.length / 2)) + ' '.repeat(spaces.length % 2));
    })
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Locating a finding in the AST.

/** The offsets at which each line starts, split the way ESLint counts lines. */
function lineStartOffsets(code: string): number[] {
  const starts = [0];
  for (const match of code.matchAll(/\r\n|[\r\n\u2028\u2029]/g)) starts.push(match.index + match[0].length);
  return starts;
}

function reportedRange(code: string, location: ReportedLocation): [number, number] {
  const starts = lineStartOffsets(code);
  const offsetOf = (line: number, column: number): number => (starts[line - 1] ?? code.length) + column - 1;
  const start = offsetOf(location.line, location.column);
  const end = location.endLine !== undefined && location.endColumn !== undefined ? offsetOf(location.endLine, location.endColumn) : start;
  return [start, end];
}

function contains(node: Node, [start, end]: [number, number]): boolean {
  return node.range[0] <= start && end <= node.range[1];
}

/** Declarations cannot be the sole body of a braceless `if` or loop. */
function isDeclaration(node: Node): boolean {
  return /Declaration$/.test(node.type) || node.type === 'TSExportAssignment' || node.type === 'TSDeclareFunction';
}

interface ContainingNodes {
  readonly statement: Node | undefined;
  readonly arrow: TSESTree.ArrowFunctionExpression | undefined;
}

function isOneStatementArrow(node: Node): node is TSESTree.ArrowFunctionExpression & { body: TSESTree.BlockStatement } {
  if (node.type !== 'ArrowFunctionExpression' || node.body.type !== 'BlockStatement' || node.body.body.length !== 1) return false;
  const only = node.body.body[0]!;
  return only.type === 'ExpressionStatement' || (only.type === 'ReturnStatement' && only.argument !== null);
}

/** The innermost statement and the innermost one-statement arrow that contain the range. */
function containingNodes(program: Program, range: [number, number]): ContainingNodes {
  let statement: Node | undefined;
  let arrow: TSESTree.ArrowFunctionExpression | undefined;
  simpleTraverse(program, {
    enter(node, parent) {
      if (!contains(node, range)) return;
      // Children are entered after their parents, so the last match is the innermost.
      if (isStatementOf(node, parent)) statement = node;
      if (isOneStatementArrow(node)) arrow = node;
    },
  });
  return { statement, arrow };
}

// ---------------------------------------------------------------------------------------------
// Statement-position variants.

/** `base`, or `base_1`, `base_2`… when the code already uses that word, so no binding is captured. */
function freshName(code: string, base: string): string {
  for (let suffix = 0; ; suffix++) {
    const candidate = suffix === 0 ? base : `${base}_${suffix}`;
    if (!new RegExp(`\\b${candidate}\\b`).test(code)) return candidate;
  }
}

/** An `else` after this statement would belong to an inner `if` (the dangling else). */
function endsWithOpenIf(node: Node): boolean {
  if (node.type === 'IfStatement') return node.alternate === null || endsWithOpenIf(node.alternate);
  // `do … while (c)` ends with its own `)`, the others with their body.
  if (SOLE_BODY_PARENTS.has(node.type) && node.type !== 'DoWhileStatement') return endsWithOpenIf((node as { body: Node }).body);
  return false;
}

function indentationAt(code: string, offset: number): string {
  const lineStart = code.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(code.slice(lineStart))![0];
}

function positionName(code: string, offset: number): string {
  const before = code.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

interface Wrapper {
  readonly name: string;
  readonly wrap: (statementText: string) => string;
}

function wrappersFor(code: string, statement: Node): Wrapper[] {
  const cond = freshName(code, 'cond');
  const items = freshName(code, 'items');
  const item = freshName(code, 'item');
  const other = freshName(code, 'other');
  const newline = code.includes('\r\n') ? '\r\n' : '\n';
  const indent = indentationAt(code, statement.range[0]);
  const wrappers: Wrapper[] = [
    { name: 'if', wrap: (text) => `if (${cond}) ${text}` },
    { name: 'if-else-alternate', wrap: (text) => `if (${cond}) ${other}(); else ${text}` },
    { name: 'for-of', wrap: (text) => `for (const ${item} of ${items}) ${text}` },
    { name: 'while', wrap: (text) => `while (${cond}) ${text}` },
  ];
  if (!endsWithOpenIf(statement)) {
    wrappers.splice(1, 0, {
      name: 'if-else-consequent',
      // Without its own `;` the statement needs a line break before `else` (ASI ends it there).
      wrap: (text) => (text.endsWith(';') ? `if (${cond}) ${text} else ${other}();` : `if (${cond}) ${text}${newline}${indent}else ${other}();`),
    });
  }
  return wrappers;
}

function replaceRange(code: string, [start, end]: readonly [number, number], text: string): string {
  return code.slice(0, start) + text + code.slice(end);
}

function statementVariants(code: string, statement: Node): { name: string; code: string }[] {
  if (isDeclaration(statement)) return [];
  const text = code.slice(statement.range[0], statement.range[1]);
  const where = positionName(code, statement.range[0]);
  return wrappersFor(code, statement).map((wrapper) => ({
    name: `${wrapper.name}@${where}`,
    code: replaceRange(code, statement.range, wrapper.wrap(text)),
  }));
}

/** `() => { expr; }` and `() => { return expr; }` become `() => expr`. */
function oneLineArrowVariant(code: string, arrow: TSESTree.ArrowFunctionExpression): { name: string; code: string } {
  const body = arrow.body as TSESTree.BlockStatement;
  const only = body.body[0] as TSESTree.ExpressionStatement | TSESTree.ReturnStatement;
  const expression = only.type === 'ExpressionStatement' ? only.expression : only.argument!;
  const text = code.slice(expression.range[0], expression.range[1]);
  // An object literal would read as a block, a sequence as more arguments after the arrow.
  const needsParentheses = text.startsWith('{') || expression.type === 'SequenceExpression';
  return {
    name: `one-line-arrow@${positionName(code, arrow.range[0])}`,
    code: replaceRange(code, body.range, needsParentheses ? `(${text})` : text),
  };
}

// ---------------------------------------------------------------------------------------------

class VariantCollector {
  private readonly byCode = new Map<string, { name: string; expectedRuleIds: Set<string> }>();

  constructor(private readonly original: string) {}

  add(name: string, code: string, ruleIds: Iterable<string>): void {
    if (code === this.original) return;
    const existing = this.byCode.get(code);
    if (existing) for (const ruleId of ruleIds) existing.expectedRuleIds.add(ruleId);
    else this.byCode.set(code, { name, expectedRuleIds: new Set(ruleIds) });
  }

  variants(): Variant[] {
    return [...this.byCode].map(([code, { name, expectedRuleIds }]) => ({ name, code, expectedRuleIds }));
  }
}

/**
 * The variants of `code` around its findings. None when it has no finding (nothing to suggest) or
 * does not parse.
 */
export function variantsOf(code: string, filename: string, findings: readonly ReportedLocation[]): Variant[] {
  if (findings.length === 0) return [];
  const program = parseProgram(code, filename, { tokens: true });
  if (!program) return [];
  const collector = new VariantCollector(code);
  const allRuleIds = new Set(findings.map((finding) => finding.ruleId));
  collector.add('crlf', toCrlf(code), allRuleIds);
  collector.add('tabs', toTabs(code, program), allRuleIds);
  for (const finding of findings) {
    const { statement, arrow } = containingNodes(program, reportedRange(code, finding));
    const variants = [...(statement ? statementVariants(code, statement) : []), ...(arrow ? [oneLineArrowVariant(code, arrow)] : [])];
    for (const variant of variants) collector.add(variant.name, variant.code, [finding.ruleId]);
  }
  return collector.variants();
}
