/**
 * bounded-message-queue (the slow-consumer incident): a message listener whose work is unbounded
 * (it awaits per message, or starts work nothing waits for) is registered through a per-connection
 * queue: `ws.on('message', messageQueue.wrap(async (data) => { … }))`, with
 * `const messageQueue = createMessageQueue(ws, { concurrency: 1, highWaterMark: 16 })` before it.
 * The listener itself is not rewritten. The queue (helper.ts) is written into the file, or
 * imported from a module of its own (`queue=module`, which the CLI writes once).
 */
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';

import { calledMethod, isFunction, type Node } from '../../facts/ast.js';
import { PAUSABLE_FRAMEWORKS } from '../../facts/flow-data.js';
import type { SocketModel } from '../../facts/index.js';
import { findUnboundedMessageWork, type MessageWorkFinding } from '../../facts/message-work.js';
import { code, joinCode, NewName, render } from '../../fixes/code.js';
import { detectStyle } from '../../fixes/style.js';
import { makePlan, type Plan, type PlanEdit } from '../../fixes/plan.js';
import { afterImports, importStatement, moduleSystemOf, relativeSpecifier } from '../../fixes/plans/imports.js';
import { declarationScope, isConditionallyEvaluated, statementOf } from '../../fixes/plans/places.js';
import type { ChangedFile, Codemod, CodemodContext, CodemodOptions, CompanionFile } from '../codemod.js';
import { abortableCallEdits } from './abortable-calls.js';
import { AsyncCalls } from './async-calls.js';
import { HELPER_NAME, queueHelper, SOCKET_TYPE_NAME } from './helper.js';

export const boundedMessageQueue: Codemod = {
  name: 'bounded-message-queue',
  description: "Route each connection's message work through a bounded queue that pauses the socket while it is full",
  rules: ['no-unbounded-message-handler'],
  options: {
    concurrency: { description: 'messages of one connection worked on at once', default: 1 },
    highWaterMark: { description: 'messages waiting at which the socket is paused (or closed)', default: 16 },
    whenFull: { description: "'pause' the socket, or 'close' it with 1013", default: 'pause', choices: ['pause', 'close'] },
    queue: { description: "'inline' (the queue function in each file) or 'module' (one module, imported)", default: 'inline', choices: ['inline', 'module'] },
    queueModule: { description: "with queue=module: the module's path, without extension", default: 'websocket-message-queue in the folder common to the files', path: true },
    blockingCalls: { description: "'await' the asynchronous equivalent of a blocking call in a queued listener (readFileSync → await readFile), or 'keep' it", default: 'await', choices: ['await', 'keep'] },
  },
  plans: (facts, _findings, context) => planQueues(facts, context),
  companionFiles: queueModuleFile,
};

/**
 * With queue=module: the module the changed files import, in TypeScript when one of them is
 * TypeScript, in the style of the first of them.
 */
function queueModuleFile(changed: readonly ChangedFile[], options: CodemodOptions, root: string | undefined): CompanionFile[] {
  if (options.queue !== 'module') return [];
  const importers = changed.filter(({ file, output }) => importsQueueModule(file, output, options, root));
  const first = importers[0];
  if (!first) return [];
  const typescript = importers.some(({ file }) => /\.[cm]?tsx?$/.test(file));
  const style = detectStyle(first.output, [], typescript);
  const text = render(
    code`// Written by websocket-doctor's bounded-message-queue codemod; it is your code now.

${queueHelper({ exported: true, name: HELPER_NAME, socketType: SOCKET_TYPE_NAME })}
`,
    { style, indent: '', nameOf: (name) => name.base, followedBy: '' },
  );
  return [{ file: `${queueModulePath(first.file, options, root)}${typescript ? '.ts' : '.js'}`, text }];
}

/** The queue module's path without extension: the option, or in the run's common folder (beside the file for jscodeshift). */
function queueModulePath(file: string, options: CodemodOptions, root: string | undefined): string {
  return options.queueModule === undefined ? path.join(root ?? path.dirname(file), QUEUE_MODULE) : path.resolve(String(options.queueModule));
}

function importsQueueModule(file: string, output: string, options: CodemodOptions, root: string | undefined): boolean {
  const target = queueModulePath(file, options, root);
  for (const match of output.matchAll(/(?:from|require\()\s*(['"])(\.{1,2}\/[^'"]*)\1/g)) {
    if (path.resolve(path.dirname(file), match[2]!).replace(/\.[cm]?[jt]s$/, '') === target) return true;
  }
  return false;
}

interface Listener {
  readonly registration: TSESTree.CallExpression;
  readonly listener: Node;
  /** Promises the listener starts and drops: awaited, so that the queue waits for them. */
  readonly unawaited: Node[];
  /** Edits that turn the listener's blocking calls into awaited asynchronous ones. */
  readonly conversions: PlanEdit[];
  readonly socket: string;
  readonly statement: Node;
}

/** One plan for the whole file: the queue function (or its import), and a queue per listener. */
function planQueues(facts: SocketModel, context: CodemodContext): Plan[] {
  const program = facts.program;
  if (!program) return [];
  const options = context.options;
  const system = moduleSystemOf(facts, context.filename);
  const asyncCalls = options.blockingCalls === 'keep' ? undefined : new AsyncCalls(facts, system);
  const listeners = wrappableListeners(facts, findUnboundedMessageWork(facts, { limiters: [], blockingCalls: [], reportSingleAwait: false }), asyncCalls);
  if (listeners.length === 0) return [];
  const concurrency = positiveInteger(options.concurrency, 1);
  const highWaterMark = positiveInteger(options.highWaterMark, 16);
  const whenFull = options.whenFull === 'close' ? code`, whenFull: 'close'` : code``;
  const existing = topLevelBinding(facts, HELPER_NAME);
  // A module of its own is imported under the helper's own name: a file that uses the name for
  // something else gets the queue inline, under another name.
  const fromModule = !existing && options.queue === 'module' && facts.identifiersNamed(HELPER_NAME).length === 0;
  const helper = existing ?? new NewName(HELPER_NAME, program);
  const edits: PlanEdit[] = [];
  const declarations = asyncCalls?.declarations() ?? [];
  if (fromModule && helper instanceof NewName) {
    const module = queueModulePath(context.filename, options, context.root);
    declarations.unshift(importStatement(system, relativeSpecifier(facts, context.filename, module), [{ exported: HELPER_NAME, local: helper }]));
  }
  const removals = asyncCalls?.unusedImportRemovals();
  if (declarations.length > 0) {
    const edit = afterImports(facts, joinCode(declarations, '\n'), removals?.removed);
    if (edit) edits.push(edit);
  }
  if (!existing && !fromModule) {
    const last = program.body[program.body.length - 1]!;
    edits.push({ kind: 'after', statement: last, code: code`\n${queueHelper({ exported: false, name: helper, socketType: new NewName(SOCKET_TYPE_NAME, program) })}` });
  }
  for (const { listener, socket, statement, unawaited, conversions } of listeners) {
    const queue = new NewName('messageQueue', declarationScope(facts, statement));
    // `wrap(` goes before `async `: inserts at one place keep their order.
    edits.push(
      { kind: 'before', statement, code: code`const ${queue} = ${helper}(${socket}, { concurrency: ${concurrency}, highWaterMark: ${highWaterMark}${whenFull} });` },
      { kind: 'insert', at: listener.range[0], side: 'before', code: code`${queue}.wrap(` },
      { kind: 'insert', at: listener.range[1], side: 'after', code: code`)` },
    );
    if ((unawaited.length > 0 || conversions.length > 0) && isFunction(listener) && !listener.async) edits.push({ kind: 'insert', at: listener.range[0], side: 'before', code: code`async ` });
    if (isFunction(listener)) edits.push(...abortableCallEdits(facts, listener, code`${queue}.signal`));
    for (const expression of unawaited) edits.push({ kind: 'insert', at: expression.range[0], side: 'before', code: code`await ` });
    edits.push(...conversions);
  }
  edits.push(...(removals?.edits ?? []));
  const draft = { kind: 'bounded-message-queue', description: `Route ${listeners.length === 1 ? 'the message listener' : `${listeners.length} message listeners`} through a bounded per-connection queue`, edits };
  return [makePlan(draft, { rule: 'no-unbounded-message-handler', node: listeners[0]!.registration, messageId: 'queueMessages' })];
}

/** The queue module's name (queue=module), beside the files that import it. */
export const QUEUE_MODULE = 'websocket-message-queue';

/**
 * Listeners registered by `socket.on('message', listener)` as a statement, on a socket that can
 * pause, with work the queue bounds: awaited or dropped promises, or blocking calls that have an
 * asynchronous equivalent (a listener whose only problem is a blocking call without one is left).
 */
function wrappableListeners(facts: SocketModel, work: readonly MessageWorkFinding[], asyncCalls: AsyncCalls | undefined): Listener[] {
  const found = new Map<Node, Listener>();
  for (const finding of work) {
    if (finding.kind === 'unbounded-buffer') continue;
    const registration = finding.handler.registration;
    if (registration.type !== 'CallExpression' || !PAUSABLE_FRAMEWORKS.has(finding.socket.framework)) continue;
    let entry = found.get(registration);
    if (!entry) {
      const method = calledMethod(registration);
      const listener = registration.arguments[1];
      if (!method || !listener || listener.type === 'SpreadElement') continue;
      const socket = facts.text.slice(method.object.range[0], method.object.range[1]);
      const statement = statementOf(facts, registration);
      if (!/^[\w$.]+$/.test(socket) || !statement || statement.type !== 'ExpressionStatement') continue;
      entry = { registration, listener, socket, statement, unawaited: [], conversions: [] };
    }
    if (finding.kind === 'unawaited-work') entry.unawaited.push(...awaitable(facts, finding.node, entry.listener));
    if (finding.kind === 'blocking-call') {
      const converted = finding.node.type === 'CallExpression' && isFunction(entry.listener) ? asyncCalls?.convert(finding.node, entry.listener) : undefined;
      if (!converted) continue;
      entry.conversions.push(...converted);
    }
    found.set(registration, entry);
  }
  return [...found.values()];
}

/**
 * The expression statement (or expression body) that drops the promise the call starts, when it
 * runs in the listener itself: `await` goes before it. Elsewhere (a callback, a branch of `?:`)
 * there is nowhere safe to await, and the finding stays for review.
 */
function awaitable(facts: SocketModel, call: Node, listener: Node): Node[] {
  if (!isFunction(listener) || facts.enclosingFunction(call) !== listener || listener.generator) return [];
  const statement = statementOf(facts, call);
  if (!statement) return [];
  const expression = statement.type === 'ExpressionStatement' ? statement.expression : statement === listener.body ? statement : undefined;
  if (!expression || !startsChain(facts, call, expression) || isConditionallyEvaluated(facts, call, statement)) return [];
  return [expression];
}

/** True when `expression` is the call, or a chain on it (`call.then(…).catch(…)`): `await` may precede it. */
function startsChain(facts: SocketModel, call: Node, expression: Node): boolean {
  let current = call;
  while (current !== expression) {
    const parent = facts.parentOf(current);
    if (!parent) return false;
    const onChain = (parent.type === 'MemberExpression' && parent.object === current) || (parent.type === 'CallExpression' && parent.callee === current) || parent.type === 'ChainExpression';
    if (!onChain) return false;
    current = parent;
  }
  return expression.type === 'CallExpression' || expression.type === 'ChainExpression';
}

/** A name the program declares at its top level (an earlier run's queue, or its import). */
function topLevelBinding(facts: SocketModel, name: string): string | undefined {
  for (const identifier of facts.identifiersNamed(name)) {
    const scope = facts.declaringScopeBlock(identifier);
    if (scope && scope.type === 'Program') return name;
  }
  return undefined;
}

function positiveInteger(value: unknown, fallback: number): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number > 0 ? number : fallback;
}
