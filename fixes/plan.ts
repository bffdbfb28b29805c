/**
 * Fix plans: what a finding's fix does, said in terms of the file's structure rather than as raw
 * text, so that one engine (engine.ts) can fit any set of plans into a file safely.
 *
 * A plan says "these statements go after that statement", "this guard goes in front of that
 * one", "this goes first in that function's body", "this range becomes that text". Where the
 * statement is the sole body of a braceless `if`/`else`/loop, or an arrow's expression body, the
 * engine adds the block; where two plans touch one place, it orders or rejects them; names the
 * plan introduces are allocated by the engine; its code is written in the file's style.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode, Node } from '../facts/ast.js';
import type { Code } from './code.js';

export type PlanEdit =
  /**
   * New statements right before a statement. `before`, `after` and `prefix` may also target an
   * arrow's expression body when the arrow's value is ignored (a listener, a timer callback): the
   * engine turns the body into a block.
   */
  | { readonly kind: 'before'; readonly statement: Node; readonly code: Code }
  /** New statements right after a statement. */
  | { readonly kind: 'after'; readonly statement: Node; readonly code: Code }
  /**
   * Text in front of a statement on its own line: a guard (`if (…) `) or a binding (`const x = `).
   * `valueUnused` says the statement's value is `undefined` anyway, so an arrow whose body it is
   * may stop returning it.
   */
  | { readonly kind: 'prefix'; readonly statement: Node; readonly code: Code; readonly valueUnused?: boolean }
  /** New statements first in a function's body (an expression body becomes a block). */
  | { readonly kind: 'body-start'; readonly fn: FunctionNode; readonly code: Code }
  /** New statements last in a function's body. */
  | { readonly kind: 'body-end'; readonly fn: FunctionNode; readonly code: Code }
  /**
   * The lines that start in `[from, to)` move one level deeper (their new block is in other
   * edits); when `from` is in the middle of a line, the code that follows it there moves too.
   */
  | { readonly kind: 'indent'; readonly from: number; readonly to: number }
  /** A property added to an object literal. */
  | { readonly kind: 'property'; readonly object: TSESTree.ObjectExpression; readonly code: Code }
  /** A member (a method) added last to a class body, on lines of its own after a blank line. */
  | { readonly kind: 'member'; readonly body: TSESTree.ClassBody; readonly code: Code }
  /** A range of the file replaced (the engine records the text it expects to find there). */
  | { readonly kind: 'replace'; readonly range: readonly [number, number]; readonly code: Code }
  /**
   * Text inserted at an offset, on the side of the node boundary it belongs to: `'before'` a node
   * that starts there, `'after'` one that ends there (it decides the order of insertions that
   * share an offset).
   */
  | { readonly kind: 'insert'; readonly at: number; readonly side: 'before' | 'after'; readonly code: Code };

export interface Plan {
  /** Stable while the file does not change: rule, kind and the finding's node range. */
  readonly id: string;
  readonly rule: string;
  /** What the plan does, as a codemod name (`add-error-listener`, `guard-send`…). */
  readonly kind: string;
  /** One line for people: the suggestion's text and the codemod's log. */
  readonly description: string;
  /** The rule's message id and data for the suggestion. */
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  readonly edits: readonly PlanEdit[];
  /**
   * Safe to apply without review (settings.websocket.autofix): it does what the finding asks and
   * changes nothing else the program does.
   */
  readonly autofix: boolean;
  /**
   * What the plan makes happen, as keys (`abort-on-close:<controller>`): a plan all of whose
   * effects an accepted plan of the same run already has is redundant, and not applied.
   */
  readonly effects: readonly string[];
  /**
   * What the plan takes for itself, as keys (`controller:<handler>`): of two plans of one run that
   * claim the same key only the first is applied; the other is planned again on the next pass,
   * when the first one's code is there to build on.
   */
  readonly claims: readonly string[];
}

/** What a plan builder (plans/) returns: the fix itself, before a check says which finding it fixes. */
export interface PlanDraft {
  readonly kind: string;
  readonly description: string;
  readonly edits: readonly PlanEdit[];
  readonly autofix?: boolean;
  readonly effects?: readonly string[];
  readonly claims?: readonly string[];
}

/** The finding a plan fixes, and the suggestion's message. */
export interface PlanTarget {
  readonly rule: string;
  readonly node: Node;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string>>;
}

export function makePlan(draft: PlanDraft, target: PlanTarget): Plan {
  return {
    id: `${target.rule}/${draft.kind}@${target.node.range[0]}-${target.node.range[1]}`,
    rule: target.rule,
    kind: draft.kind,
    description: draft.description,
    messageId: target.messageId,
    data: target.data ?? {},
    edits: draft.edits,
    autofix: draft.autofix ?? false,
    effects: draft.effects ?? [],
    claims: draft.claims ?? [],
  };
}

/** A text edit after lowering: the range, the text it expects there, and the new text. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly expected: string;
  readonly text: string;
}
