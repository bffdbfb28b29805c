/**
 * The fix engine: fits plans (plan.ts) into a file and composes several of them safely.
 *
 * Lowering turns each plan's structural edits into text edits that state the text they replace:
 * - statements inserted next to a statement that is the sole body of a braceless `if`/`else`/loop
 *   go into a block that the engine adds around it, once, however many plans insert there; a
 *   guard put in front of such a statement goes inside that block too, so an `else` keeps its `if`;
 * - statements inserted around an arrow's expression body turn it into a block body;
 * - a one-line block that receives statements is opened onto lines of its own;
 * - every new name comes from one allocator (names.ts), every piece of code is written in the
 *   file's style (style.ts, code.ts).
 * `composePlans` then accepts plans in order and rejects, with a reason, any plan whose edits
 * would overlap those of the plans already accepted; insertions that share an offset are ordered
 * by the node boundary they belong to, then by plan order.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction, type FunctionNode, type Node } from '../facts/ast.js';
import { render, type Code } from './code.js';
import { NameAllocator, type NameFacts } from './names.js';
import type { Plan, PlanEdit, TextEdit } from './plan.js';
import { detectStyle, type Style } from './style.js';

/** What the engine needs to know about the file (the facts layer provides it). */
export interface FixFacts extends NameFacts {
  readonly text: string;
  readonly typescript: boolean;
  /** Every node in source order (for style detection and template literals). */
  readonly nodes: readonly Node[];
  /** The file's comments (edits never swallow one). */
  readonly comments: readonly { readonly range: readonly [number, number] }[];
  parentOf(node: Node): Node | undefined;
  /** True when nothing reads what the function returns (an event listener, a timer callback). */
  returnValueIgnored(fn: FunctionNode): boolean;
}

export interface Rejection {
  readonly plan: Plan;
  readonly reason: string;
}

export interface Composition {
  /** Non-overlapping edits, sorted, ready for `applyEdits`. */
  readonly edits: readonly TextEdit[];
  readonly applied: readonly Plan[];
  readonly rejected: readonly Rejection[];
}

const styles = new WeakMap<FixFacts, Style>();

/** The file's style, detected once per facts object. */
export function styleOf(facts: FixFacts): Style {
  let style = styles.get(facts);
  if (!style) {
    style = detectStyle(facts.text, facts.nodes, facts.typescript);
    styles.set(facts, style);
  }
  return style;
}

/**
 * Accepts plans in order: each one whose edits fit with those accepted before it joins; the others
 * are rejected with the reason. Names are allocated across all accepted plans.
 */
export function composePlans(facts: FixFacts, plans: readonly Plan[]): Composition {
  const accepted: Plan[] = [];
  const rejected: Rejection[] = [];
  let edits: readonly TextEdit[] = [];
  for (const plan of plans) {
    const doneBy = plan.effects.length > 0 ? accepted.find((other) => plan.effects.every((effect) => other.effects.includes(effect))) : undefined;
    if (doneBy) {
      rejected.push({ plan, reason: `${plan.description}: already done by "${doneBy.description}"` });
      continue;
    }
    const claimedBy = plan.claims.length > 0 ? accepted.find((other) => other.claims.some((claim) => plan.claims.includes(claim))) : undefined;
    if (claimedBy) {
      rejected.push({ plan, reason: `${plan.description}: waits for "${claimedBy.description}" (the next pass)` });
      continue;
    }
    const attempt = lower(facts, [...accepted, plan]);
    if (attempt.kind === 'conflict') {
      rejected.push({ plan, reason: attempt.reason });
      continue;
    }
    accepted.push(plan);
    edits = attempt.edits;
  }
  return { edits, applied: accepted, rejected };
}

/** The text edits of one plan alone (an editor suggestion), or the reason it cannot be applied. */
export function planEdits(facts: FixFacts, plan: Plan): { edits: readonly TextEdit[] } | { reason: string } {
  const result = lower(facts, [plan]);
  return result.kind === 'conflict' ? { reason: result.reason } : { edits: result.edits };
}

/** A code as it would read in this file, for messages (new names shown as their base). */
export function previewCode(facts: FixFacts, item: Code): string {
  return render(item, { style: styleOf(facts), indent: '', nameOf: (name) => name.base, followedBy: '\n' });
}

export class StalePlanError extends Error {}

/** Applies sorted, non-overlapping edits; throws when the text is not the one they were made for. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let position = 0;
  for (const edit of edits) {
    const [start, end] = edit.range;
    if (start < position || end > text.length) throw new StalePlanError(`edit at ${start} overlaps or lies outside the text`);
    if (text.slice(start, end) !== edit.expected) {
      throw new StalePlanError(`expected ${JSON.stringify(edit.expected)} at ${start}, found ${JSON.stringify(text.slice(start, end))}`);
    }
    out += text.slice(position, start) + edit.text;
    position = end;
  }
  return out + text.slice(position);
}

// ---------------------------------------------------------------------------------- lowering

/**
 * Where text goes when several edits share an offset: things that end there first (innermost
 * first), then things that start there (outermost first), then replacements.
 */
const ORDER = {
  insertAfter: 10,
  property: 15,
  statementAfter: 20,
  wrapClose: 30,
  blockClose: 35,
  blockOpen: 40,
  wrapOpen: 50,
  statementBefore: 60,
  indent: 65,
  prefix: 70,
  insertBefore: 80,
  replace: 90,
} as const;

interface Lowered extends TextEdit {
  readonly order: number;
  /** Index of the plan that caused it (group edits: the last plan that joined the group). */
  readonly plan: number;
  readonly sequence: number;
}

type LowerResult = { kind: 'ok'; edits: TextEdit[] } | { kind: 'conflict'; reason: string };

/** Statements around one statement (or arrow expression body). */
interface StatementSlot {
  readonly statement: Node;
  readonly before: Code[];
  readonly after: Code[];
  readonly prefix: Code[];
  /** Every edit says the statement's value is undefined anyway (guard-send on `ws.send`). */
  valueUnused: boolean;
  plan: number;
}

/** Statements first and last in one block body. */
interface BlockSlot {
  readonly block: TSESTree.BlockStatement;
  readonly start: Code[];
  readonly end: Code[];
  plan: number;
}

class Lowering {
  private readonly text: string;
  private readonly style: Style;
  private readonly names: NameAllocator;
  private readonly out: Lowered[] = [];
  private readonly statementSlots = new Map<Node, StatementSlot>();
  private readonly blockSlots = new Map<Node, BlockSlot>();
  /** One-line blocks that get statements, opened onto lines of their own. */
  private readonly openedBlocks = new Map<Node, number>();
  private sequence = 0;
  private commentStarts: Map<number, number> | undefined;

  constructor(private readonly facts: FixFacts) {
    this.text = facts.text;
    this.style = styleOf(facts);
    this.names = new NameAllocator(facts);
  }

  run(plans: readonly Plan[]): LowerResult {
    for (const [index, plan] of plans.entries()) {
      for (const edit of plan.edits) {
        const problem = this.collect(edit, index);
        if (problem) return { kind: 'conflict', reason: `${plan.description}: ${problem}` };
        // Names in plan order (rendering goes by place): the first plan gets the plain name.
        if ('code' in edit) {
          const copied = edit.code.copiedIdentifiers();
          for (const name of edit.code.names()) this.names.nameOf(name, copied);
        }
      }
    }
    for (const slot of this.statementSlots.values()) {
      const problem = this.emitStatementSlot(slot);
      if (problem) return { kind: 'conflict', reason: problem };
    }
    for (const slot of this.blockSlots.values()) this.emitBlockSlot(slot);
    for (const [block, plan] of this.openedBlocks) this.emitOpenedBlock(block as TSESTree.BlockStatement, plan);
    const sorted = [...this.out].sort((a, b) => a.range[0] - b.range[0] || a.order - b.order || a.plan - b.plan || a.sequence - b.sequence);
    let end = 0;
    let endPlan = -1;
    for (const edit of sorted) {
      if (edit.range[0] < end) {
        const culprit = plans[Math.max(edit.plan, endPlan)];
        return { kind: 'conflict', reason: `${culprit?.description ?? 'a plan'}: its edits overlap those of another plan` };
      }
      if (edit.range[1] >= end) {
        end = edit.range[1];
        endPlan = edit.plan;
      }
    }
    return { kind: 'ok', edits: sorted.map(({ range, expected, text }) => ({ range, expected, text })) };
  }

  // ------------------------------------------------------------------ collecting

  private collect(edit: PlanEdit, plan: number): string | undefined {
    switch (edit.kind) {
      case 'before':
      case 'after':
      case 'prefix': {
        const valueUnused = edit.kind === 'prefix' && edit.valueUnused === true;
        const slot = this.statementSlot(edit.statement, plan, valueUnused);
        if (typeof slot === 'string') return slot;
        slot[edit.kind].push(edit.code);
        slot.valueUnused &&= valueUnused;
        return undefined;
      }
      case 'body-start':
      case 'body-end': {
        const body = edit.fn.body;
        if (body.type === 'BlockStatement') {
          const slot = this.blockSlot(body, plan);
          (edit.kind === 'body-start' ? slot.start : slot.end).push(edit.code);
          return undefined;
        }
        if (edit.kind === 'body-end' && !this.facts.returnValueIgnored(edit.fn)) return 'cannot add statements after a returned expression';
        const slot = this.statementSlot(body, plan, true);
        if (typeof slot === 'string') return slot;
        (edit.kind === 'body-start' ? slot.before : slot.after).push(edit.code);
        slot.valueUnused = false;
        return undefined;
      }
      case 'indent':
        this.emitIndent(edit.from, edit.to, plan);
        return undefined;
      case 'property':
        return this.emitProperty(edit.object, edit.code, plan);
      case 'member':
        return this.emitMember(edit.body, edit.code, plan);
      case 'replace': {
        const [start, end] = edit.range;
        this.push([start, end], this.render(edit.code, this.lineIndent(start), end), ORDER.replace, plan);
        return undefined;
      }
      case 'insert':
        this.push([edit.at, edit.at], this.render(edit.code, this.lineIndent(edit.at), edit.at), edit.side === 'after' ? ORDER.insertAfter : ORDER.insertBefore, plan);
        return undefined;
    }
  }

  /** `lenient`: the caller keeps the arrow's value or says it is undefined (checked when emitted). */
  private statementSlot(target: Node, plan: number, lenient = false): StatementSlot | string {
    // `export const x = …`: statements go beside the export.
    let statement = target;
    let parent = this.facts.parentOf(statement);
    if ((parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration') && parent.declaration === statement) {
      statement = parent;
      parent = this.facts.parentOf(statement);
    }
    if (!parent) return 'the statement is not in this file';
    if (isFunction(parent) && parent.body === statement) {
      // An arrow's expression body: statements after it need a caller that ignores the value.
      if (!lenient && !this.facts.returnValueIgnored(parent)) return 'the arrow returns this expression';
    } else if (!isStatementPosition(statement, parent)) {
      return `cannot place statements around a ${statement.type}`;
    }
    let slot = this.statementSlots.get(statement);
    if (!slot) {
      slot = { statement, before: [], after: [], prefix: [], valueUnused: true, plan };
      this.statementSlots.set(statement, slot);
    }
    slot.plan = plan;
    return slot;
  }

  private blockSlot(block: TSESTree.BlockStatement, plan: number): BlockSlot {
    let slot = this.blockSlots.get(block);
    if (!slot) {
      slot = { block, start: [], end: [], plan };
      this.blockSlots.set(block, slot);
    }
    slot.plan = plan;
    return slot;
  }

  // ------------------------------------------------------------------ statements

  private emitStatementSlot(slot: StatementSlot): string | undefined {
    const { statement, plan } = slot;
    const parent = this.facts.parentOf(statement)!;
    if (isFunction(parent) && parent.body === statement) return this.emitArrowBody(slot, parent);
    // A sole body gets a block when statements join it, or when a guard in front of it would
    // take an `else` that belongs to an enclosing `if`.
    if (SOLE_BODY_PARENTS.has(parent.type) && (slot.before.length > 0 || slot.after.length > 0 || this.guardWouldTakeElse(statement))) {
      return this.emitWrapped(slot);
    }
    // A statement in a statement list: lines of its own around it.
    const block = parent.type === 'BlockStatement' && this.isOneLine(parent) ? parent : undefined;
    if (block && (slot.before.length > 0 || slot.after.length > 0)) this.openedBlocks.set(block, plan);
    const indent = block ? this.lineIndent(block.range[0]) + this.style.indentUnit : this.lineIndent(statement.range[0]);
    const eol = this.style.eol;
    if (slot.before.length > 0) {
      const text = slot.before.map((item) => this.render(item, indent, -1) + eol + indent).join('');
      this.push([statement.range[0], statement.range[0]], text, ORDER.statementBefore, plan);
    }
    if (slot.prefix.length > 0) {
      this.push([statement.range[0], statement.range[0]], slot.prefix.map((item) => this.render(item, indent, statement.range[0])).join(''), ORDER.prefix, plan);
    }
    if (slot.after.length > 0) {
      const at = this.afterStatement(statement);
      this.push([at, at], this.renderLines(slot.after, indent, at), ORDER.statementAfter, plan);
    }
    return undefined;
  }

  /** `if (c) stmt` → `if (c) {⏎ before⏎ prefix stmt⏎ after⏎}`: the block keeps an `else` in place. */
  private emitWrapped(slot: StatementSlot): undefined {
    const { statement, plan } = slot;
    const gapStart = this.skipBackward(statement.range[0]);
    const outer = this.lineIndent(gapStart);
    const inner = outer + this.style.indentUnit;
    const eol = this.style.eol;
    const gap = this.text.slice(gapStart, statement.range[0]);
    const lead =
      slot.before.map((item) => this.render(item, inner, -1) + eol + inner).join('') +
      slot.prefix.map((item) => this.render(item, inner, statement.range[0])).join('');
    if (gap.trim() === '') {
      this.push([gapStart, statement.range[0]], ` {${eol}${inner}${lead}`, ORDER.wrapOpen, plan);
    } else {
      // A comment sits between `if (c)` and the statement: it stays where it is.
      this.push([gapStart, gapStart], ' {', ORDER.wrapOpen, plan);
      if (lead) this.push([statement.range[0], statement.range[0]], lead, ORDER.prefix, plan);
    }
    const at = this.afterStatement(statement);
    this.push([at, at], this.renderLines(slot.after, inner, -1) + eol + outer + '}', ORDER.wrapClose, plan);
    return undefined;
  }

  /** `() => expr` → `() => {⏎ before⏎ [return ]expr;⏎ after⏎}`. */
  private emitArrowBody(slot: StatementSlot, fn: FunctionNode): string | undefined {
    const { statement, plan } = slot;
    const ignored = this.facts.returnValueIgnored(fn) || (slot.valueUnused && slot.before.length === 0 && slot.after.length === 0);
    if (!ignored && (slot.after.length > 0 || slot.prefix.length > 0)) return 'the arrow returns its expression';
    const [start, end] = this.parenthesized(statement);
    const outer = this.lineIndent(fn.range[0]);
    const inner = outer + this.style.indentUnit;
    const eol = this.style.eol;
    const opening =
      `{${eol}${inner}` +
      slot.before.map((item) => this.render(item, inner, -1) + eol + inner).join('') +
      slot.prefix.map((item) => this.render(item, inner, start)).join('') +
      (ignored ? '' : 'return ');
    this.push([start, start], opening, ORDER.wrapOpen, plan);
    const semicolon = this.style.semicolons ? ';' : '';
    this.push([end, end], semicolon + this.renderLines(slot.after, inner, -1) + eol + outer + '}', ORDER.wrapClose, plan);
    return undefined;
  }

  /**
   * True when `if (g) statement` in place of a sole-body statement would end right before an
   * `else` of an enclosing `if` (which would then belong to the new `if`).
   */
  private guardWouldTakeElse(statement: Node): boolean {
    let current = statement;
    for (let parent = this.facts.parentOf(current); parent && SOLE_BODY_PARENTS.has(parent.type); parent = this.facts.parentOf(current)) {
      if (parent.type === 'IfStatement' && parent.consequent === current && parent.alternate) return true;
      current = parent;
    }
    return false;
  }

  // ------------------------------------------------------------------ blocks

  private emitBlockSlot(slot: BlockSlot): void {
    const { block, plan } = slot;
    const statements = block.body;
    const first = statements[0];
    const last = statements[statements.length - 1];
    const eol = this.style.eol;
    if (!first || !last) {
      const outer = this.lineIndent(block.range[0]);
      const inner = outer + this.style.indentUnit;
      const inside = this.text.slice(block.range[0] + 1, block.range[1] - 1);
      const body = this.renderLines([...slot.start, ...slot.end], inner, -1);
      if (inside.trim() === '') this.push([block.range[0] + 1, block.range[1] - 1], body + eol + outer, ORDER.blockOpen, plan);
      else this.push([block.range[1] - 1, block.range[1] - 1], body + eol + outer, ORDER.blockClose, plan);
      return;
    }
    const oneLine = this.isOneLine(block);
    if (oneLine) this.openedBlocks.set(block, plan);
    const indent = oneLine ? this.lineIndent(block.range[0]) + this.style.indentUnit : this.lineIndent(first.range[0]);
    if (slot.start.length > 0) {
      if (oneLine) {
        // Goes right before the first statement, after the line break the opened block gets.
        const text = slot.start.map((item) => this.render(item, indent, -1) + eol + indent).join('');
        this.push([first.range[0], first.range[0]], text, ORDER.statementBefore, plan);
      } else {
        const at = this.lineEndAfterComments(block.range[0] + 1);
        this.push([at, at], this.renderLines(slot.start, indent, -1), ORDER.blockOpen, plan);
      }
    }
    if (slot.end.length > 0) {
      const at = this.afterStatement(last);
      const lastIndent = oneLine ? indent : this.lineIndent(last.range[0]);
      this.push([at, at], this.renderLines(slot.end, lastIndent, -1), ORDER.statementAfter, plan);
    }
  }

  /** `{ a(); }` → `{⏎  a();⏎}` (the statements between are edited by their own slots). */
  private emitOpenedBlock(block: TSESTree.BlockStatement, plan: number): void {
    const first = block.body[0];
    const last = block.body[block.body.length - 1];
    if (!first || !last) return;
    const outer = this.lineIndent(block.range[0]);
    const inner = outer + this.style.indentUnit;
    const eol = this.style.eol;
    const open = block.range[0] + 1;
    if (this.text.slice(open, first.range[0]).trim() === '') this.push([open, first.range[0]], eol + inner, ORDER.blockOpen, plan);
    else this.push([open, open], eol + inner, ORDER.blockOpen, plan);
    const end = this.afterStatement(last);
    const close = block.range[1] - 1;
    if (this.text.slice(end, close).trim() === '') this.push([end, close], eol + outer, ORDER.replace, plan);
    else this.push([close, close], eol + outer, ORDER.blockClose, plan);
  }

  // ------------------------------------------------------------------ other edits

  private emitIndent(from: number, to: number, plan: number): void {
    const unit = this.style.indentUnit;
    // Text inside a template literal is the string's content: its lines must not move.
    const templates = this.facts.nodes.filter((node) => node.type === 'TemplateElement' && node.range[1] > from && node.range[0] < to);
    const inTemplate = (offset: number) => templates.some((element) => element.range[0] < offset && offset < element.range[1]);
    const firstCode = this.skipSpaceForward(from);
    if (this.lineStart(from) < from && firstCode < this.lineEnd(from) && firstCode < to && !inTemplate(firstCode)) {
      this.push([firstCode, firstCode], unit, ORDER.indent, plan);
    }
    let lineStart = this.lineStart(from) === from ? from : this.nextLineStart(from);
    for (; lineStart < to; lineStart = this.nextLineStart(lineStart)) {
      const blank = this.text.slice(lineStart, this.lineEnd(lineStart)).trim() === '';
      if (!blank && !inTemplate(lineStart)) this.push([lineStart, lineStart], unit, ORDER.indent, plan);
    }
  }

  /** The start of the line after the one containing `offset`. */
  private nextLineStart(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    return newline === -1 ? this.text.length : newline + 1;
  }

  private emitProperty(object: TSESTree.ObjectExpression, item: Code, plan: number): string | undefined {
    const last = object.properties[object.properties.length - 1];
    const [start, end] = object.range;
    if (!last) {
      const inside = this.text.slice(start + 1, end - 1);
      if (inside.trim() !== '') return 'the object literal holds only comments';
      this.push([start + 1, end - 1], ` ${this.render(item, '', end)} `, ORDER.property, plan);
      return undefined;
    }
    let after = this.skipSpaceForward(last.range[1]);
    const trailingComma = this.text[after] === ',';
    const multiline = this.text.slice(start, end).includes('\n');
    const indent = this.lineIndent(last.range[0]);
    if (trailingComma) {
      after += 1;
      const separator = multiline ? this.style.eol + indent : ' ';
      this.push([after, after], `${separator}${this.render(item, indent, -1)},`, ORDER.property, plan);
    } else {
      const separator = multiline ? ',' + this.style.eol + indent : ', ';
      this.push([last.range[1], last.range[1]], `${separator}${this.render(item, indent, last.range[1])}`, ORDER.property, plan);
    }
    return undefined;
  }

  /** A class member after the last one (or alone in an empty body), at the members' indentation. */
  private emitMember(body: TSESTree.ClassBody, item: Code, plan: number): string | undefined {
    const eol = this.style.eol;
    const last = body.body[body.body.length - 1];
    if (!last) {
      const inside = this.text.slice(body.range[0] + 1, body.range[1] - 1);
      if (inside.trim() !== '') return 'the class body holds only comments';
      const outer = this.lineIndent(body.range[0]);
      const indent = outer + this.style.indentUnit;
      this.push([body.range[0] + 1, body.range[1] - 1], `${eol}${indent}${this.render(item, indent, -1)}${eol}${outer}`, ORDER.property, plan);
      return undefined;
    }
    if (this.text.slice(body.range[0], body.range[1]).split('\n').length < 3) return 'the class body is on one line';
    const indent = this.lineIndent(last.range[0]);
    const at = this.afterStatement(last);
    this.push([at, at], `${eol}${eol}${indent}${this.render(item, indent, -1)}`, ORDER.property, plan);
    return undefined;
  }

  // ------------------------------------------------------------------ helpers

  private push(range: readonly [number, number], text: string, order: number, plan: number): void {
    this.out.push({ range, expected: this.text.slice(range[0], range[1]), text, order, plan, sequence: this.sequence++ });
  }

  /** Code rendered for a place; `at` is the offset whose following text it runs into (-1: a line break of ours). */
  private render(item: Code, indent: string, at: number): string {
    return render(item, {
      style: this.style,
      indent,
      nameOf: (name) => this.names.nameOf(name),
      followedBy: at < 0 ? '\n' : this.text.slice(at, at + 8),
    });
  }

  /** Each code on a line of its own, each preceded by a line break. */
  private renderLines(codes: readonly Code[], indent: string, at: number): string {
    return codes.map((item, index) => this.style.eol + indent + this.render(item, indent, index === codes.length - 1 ? at : -1)).join('');
  }

  /** After a statement and any comment that ends its line (`foo(); // why`). */
  private afterStatement(statement: Node): number {
    return this.lineEndAfterComments(statement.range[1]);
  }

  /** `offset`, or the end of its line when only whitespace and comments follow it there. */
  private lineEndAfterComments(offset: number): number {
    const lineEnd = this.lineEnd(offset);
    const rest = this.text.slice(offset, lineEnd);
    if (/^\s*(?:\/\/.*|\/\*(?:(?!\*\/).)*\*\/\s*)?$/.test(rest) && rest.trim() !== '') return lineEnd;
    return offset;
  }

  private isOneLine(node: Node): boolean {
    return !this.text.slice(node.range[0], node.range[1]).includes('\n');
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The offset of the line break ending the line (before a `\r`), or the text's end. */
  private lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    if (newline === -1) return this.text.length;
    return this.text[newline - 1] === '\r' ? newline - 1 : newline;
  }

  private lineIndent(offset: number): string {
    const start = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(start, start + 200))![0];
  }

  private skipSpaceBackward(offset: number): number {
    let at = offset;
    while (at > 0 && /\s/.test(this.text[at - 1]!)) at--;
    return at;
  }

  /** Back over whitespace and comments to the end of the previous token. */
  private skipBackward(offset: number): number {
    let at = this.skipSpaceBackward(offset);
    for (let start = this.commentEndingAt(at); start !== undefined; start = this.commentEndingAt(at)) {
      at = this.skipSpaceBackward(start);
    }
    return at;
  }

  private commentEndingAt(offset: number): number | undefined {
    if (!this.commentStarts) {
      this.commentStarts = new Map();
      for (const comment of this.facts.comments) this.commentStarts.set(comment.range[1], comment.range[0]);
    }
    return this.commentStarts.get(offset);
  }

  private skipSpaceForward(offset: number): number {
    let at = offset;
    while (at < this.text.length && /\s/.test(this.text[at]!)) at++;
    return at;
  }

  /** A node's range with the parentheses around it (`() => (expr)`). */
  private parenthesized(node: Node): [number, number] {
    let [start, end] = node.range;
    for (;;) {
      const before = this.skipSpaceBackward(start);
      const after = this.skipSpaceForward(end);
      if (this.text[before - 1] !== '(' || this.text[after] !== ')') return [start, end];
      start = before - 1;
      end = after + 1;
    }
  }
}

/** Statements whose body is one statement without braces. */
const SOLE_BODY_PARENTS: ReadonlySet<string> = new Set([
  'IfStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'WithStatement',
  'LabeledStatement',
]);

/** Parents in which a node is a statement that others can be placed next to. */
export function isStatementPosition(node: Node, parent: Node): boolean {
  switch (parent.type) {
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
    case 'TSModuleBlock':
      return true;
    case 'SwitchCase':
      return parent.consequent.includes(node as TSESTree.Statement);
    case 'IfStatement':
      return parent.consequent === node || parent.alternate === node;
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'WithStatement':
    case 'LabeledStatement':
      return parent.body === node;
    default:
      return false;
  }
}

function lower(facts: FixFacts, plans: readonly Plan[]): LowerResult {
  return new Lowering(facts).run(plans);
}
