/**
 * A suggestion must not move code it did not touch: a statement outside the fix's range stays
 * inside the statement that enclosed it, and an `else` stays with its `if`. Parsing, findings
 * and types all miss a guard `if (…)` inserted before `a(); else b();`, which silently makes the
 * `else` the guard's.
 */
import { simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';

import { isStatementOf } from './ast.js';

type Node = TSESTree.Node;

/** The fix of one suggestion, as ESLint gives it. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

interface StatementInfo {
  readonly node: Node;
  /** The nearest enclosing statement (or the Program). */
  readonly enclosing: Node;
  /** Keys of every enclosing statement and the Program. */
  readonly ancestorKeys: ReadonlySet<string>;
  /** The `if` whose `else` this statement is. */
  readonly alternateOf: TSESTree.IfStatement | undefined;
}

export type StatementIndex = Map<string, StatementInfo>;

function keyOf(type: string, start: number, end: number): string {
  return `${type}@${start}-${end}`;
}

function nodeKey(node: Node): string {
  return keyOf(node.type, node.range[0], node.range[1]);
}

/** Every statement with the statements around it. */
export function indexStatements(program: TSESTree.Program): StatementIndex {
  const index: StatementIndex = new Map();
  // The statement chain of each node as the traversal goes down (parents are entered first).
  const chainOf = new Map<Node, Node[]>([[program, [program]]]);
  simpleTraverse(program, {
    enter(node, parent) {
      if (!parent) return;
      const parentChain = chainOf.get(parent)!;
      if (!isStatementOf(node, parent)) return void chainOf.set(node, parentChain);
      index.set(nodeKey(node), {
        node,
        enclosing: parentChain[parentChain.length - 1]!,
        ancestorKeys: new Set(parentChain.map(nodeKey)),
        alternateOf: parent.type === 'IfStatement' && parent.alternate === node ? parent : undefined,
      });
      chainOf.set(node, [...parentChain, node]);
    },
  });
  return index;
}

/** Where an input offset is in the output, or undefined inside the replaced range. */
function offsetMapper(edit: TextEdit): (offset: number, side: 'start' | 'end') => number | undefined {
  const [start, end] = edit.range;
  const delta = edit.text.length - (end - start);
  return (offset, side) => {
    if (side === 'start' ? offset < start : offset <= start) return offset;
    if (side === 'start' ? offset >= end : offset > end) return offset + delta;
    return undefined;
  };
}

function mappedKey(node: Node, map: ReturnType<typeof offsetMapper>): string | undefined {
  const start = map(node.range[0], 'start');
  const end = map(node.range[1], 'end');
  return start === undefined || end === undefined ? undefined : keyOf(node.type, start, end);
}

function lineOf(code: string, offset: number): number {
  return code.slice(0, offset).split('\n').length;
}

function excerpt(code: string, node: Node): string {
  const text = code.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ');
  return `\`${text.length > 50 ? `${text.slice(0, 47)}…` : text}\` (line ${lineOf(code, node.range[0])})`;
}

/**
 * The output's `if` that is the input's: the same position, or (when the edit rewrote its head)
 * an enclosing `if` with the same test.
 */
function outputIf(input: string, before: TSESTree.IfStatement, output: string, after: StatementIndex, moved: Node, map: ReturnType<typeof offsetMapper>): TSESTree.IfStatement | undefined {
  const key = mappedKey(before, map);
  if (key) {
    const found = after.get(key)?.node;
    return found?.type === 'IfStatement' ? found : undefined;
  }
  const testText = (code: string, node: TSESTree.IfStatement): string => code.slice(node.test.range[0], node.test.range[1]);
  for (const { node } of after.values()) {
    if (node.type === 'IfStatement' && contains(node, moved) && testText(input, before) === testText(output, node)) return node;
  }
  return undefined;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** Problems (empty: none) with the statements the edit did not touch. */
export function structureChanges(
  input: string,
  before: StatementIndex,
  edit: TextEdit,
  output: string,
  outputProgram: TSESTree.Program,
): string[] {
  const after = indexStatements(outputProgram);
  const map = offsetMapper(edit);
  const problems: string[] = [];
  for (const statement of before.values()) {
    const key = mappedKey(statement.node, map);
    // A statement whose start or end the edit replaced is the edit's own business.
    if (!key) continue;
    const moved = after.get(key);
    if (!moved) {
      problems.push(`${excerpt(input, statement.node)} is no longer parsed as the same statement`);
      continue;
    }
    // The Program always encloses everything, and its range follows the first and last tokens.
    const enclosingKey = statement.enclosing.type === 'Program' ? undefined : mappedKey(statement.enclosing, map);
    if (enclosingKey && !moved.ancestorKeys.has(enclosingKey)) {
      problems.push(`${excerpt(input, statement.node)} is no longer inside ${excerpt(input, statement.enclosing)}`);
    } else if (statement.alternateOf) {
      // An else branch may gain code around it (a guard), but must stay in the same `else`.
      const owner = outputIf(input, statement.alternateOf, output, after, moved.node, map);
      if (!owner?.alternate || !contains(owner.alternate, moved.node)) {
        problems.push(`the else branch ${excerpt(input, statement.node)} no longer belongs to ${excerpt(input, statement.alternateOf)}`);
      }
    }
  }
  return problems;
}
