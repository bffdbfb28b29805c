/**
 * Fix plans: text edits that rules offer as suggestions and codemods apply in bulk. They are
 * plain ranges and strings, so ESLint fixers and jscodeshift (by splicing the source) share them.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction, type FunctionNode, type Node } from './ast.js';
import type { Access, FixPlan, SocketModel, TextEdit } from './types.js';

export interface ListenerInsertion {
  /** The node that introduces the target: a handler parameter or a creating expression. */
  readonly node: Node;
  readonly access: Access | undefined;
  /** The handler whose parameter the target is, when it is one. */
  readonly handlerFn: FunctionNode | undefined;
  /** Builds the statement to insert, given the expression naming the target and the indentation. */
  readonly statement: (target: string, indent: string) => string;
  readonly description: string;
}

/**
 * Plans inserting a listener statement for a socket or server: first in the handler's body when
 * the target is a handler parameter, otherwise right after the statement that creates it.
 * Returns undefined when there is no safe place (a destructured parameter, a class field…).
 */
export function planListenerInsertion(model: SocketModel, text: string, insertion: ListenerInsertion): FixPlan | undefined {
  const { node, handlerFn } = insertion;
  if (handlerFn && handlerFn.params.includes(node as TSESTree.Parameter)) {
    if (node.type !== 'Identifier') return undefined;
    // A socket below the parameter (koa-websocket's `ctx.websocket`) is named by its access.
    const target = insertion.access?.kind === 'variable' && insertion.access.path.length > 0 ? accessText(insertion.access)! : node.name;
    const edits = insertFirstInBody(handlerFn, text, (indent) => insertion.statement(target, indent));
    return edits && { description: insertion.description, edits };
  }
  const target = accessText(insertion.access);
  if (!target) return undefined;
  const statement = enclosingListStatement(model, node);
  if (!statement) return undefined;
  const indent = indentationAt(text, statement.range[0]);
  return {
    description: insertion.description,
    edits: [{ range: [statement.range[1], statement.range[1]], text: `\n${indent}${insertion.statement(target, indent)}` }],
  };
}

function accessText(access: Access | undefined): string | undefined {
  if (!access) return undefined;
  if (access.kind === 'this-member') return `this.${access.name}`;
  return [access.variable.name, ...access.path].join('.');
}

function insertFirstInBody(fn: FunctionNode, text: string, statement: (indent: string) => string): TextEdit[] | undefined {
  const baseIndent = indentationAt(text, fn.range[0]);
  const unit = baseIndent.includes('\t') ? '\t' : '  ';
  if (fn.body.type === 'BlockStatement') {
    const first = fn.body.body[0];
    const indent = first ? indentationAt(text, first.range[0]) : baseIndent + unit;
    const sameLine = first && lineStart(text, first.range[0]) <= fn.body.range[0];
    const open = fn.body.range[0] + 1;
    if (!first) {
      return [{ range: [open, fn.body.range[1] - 1], text: `\n${indent}${statement(indent)}\n${baseIndent}` }];
    }
    if (sameLine) {
      // `{ a(); }` on one line: put the listener and the old first statement on lines of their own.
      const inner = baseIndent + unit;
      return [{ range: [open, first.range[0]], text: `\n${inner}${statement(inner)}\n${inner}` }];
    }
    return [{ range: [open, open], text: `\n${indent}${statement(indent)}` }];
  }
  // An expression body becomes a block that still returns the expression.
  const indent = baseIndent + unit;
  const [start, end] = expressionBodyRange(fn, text);
  const expression = text.slice(start, end);
  return [
    {
      range: [start, end],
      text: `{\n${indent}${statement(indent)}\n${indent}return ${expression};\n${baseIndent}}`,
    },
  ];
}

/** The range of an arrow's expression body including any parentheses around it. */
function expressionBodyRange(fn: FunctionNode, text: string): [number, number] {
  let [start, end] = fn.body.range;
  while (text[start - 1] === '(' || /\s/.test(text[start - 1] ?? '')) {
    if (text[start - 1] === '(') {
      let after = end;
      while (/\s/.test(text[after] ?? '')) after++;
      if (text[after] !== ')') break;
      start -= 1;
      end = after + 1;
    } else {
      // Only skip whitespace when a parenthesis precedes it.
      let before = start - 1;
      while (/\s/.test(text[before] ?? '')) before--;
      if (text[before] !== '(') break;
      start = before + 1;
    }
  }
  return [start, end];
}

/** The statement directly inside a block (or the program) that contains the node. */
function enclosingListStatement(model: SocketModel, node: Node): Node | undefined {
  let current: Node | undefined = node;
  while (current) {
    const parent = model.parentOf(current);
    if (!parent) return undefined;
    if (isFunction(parent) || parent.type === 'PropertyDefinition' || parent.type === 'ClassBody') return undefined;
    if (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'SwitchCase' || parent.type === 'StaticBlock') {
      return current;
    }
    current = parent;
  }
  return undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A name no identifier of the file uses: `base`, then `base2`, `base3`… */
export function freshName(model: SocketModel, base: string): string {
  const used = new Set<string>();
  for (const node of model.nodes) if (node.type === 'Identifier') used.add(node.name);
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!used.has(name)) return name;
  }
}

/** The whitespace that starts the line containing `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}
