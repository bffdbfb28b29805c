/**
 * require-error-listener: ws-family sockets and servers, and raw upgrade sockets, must listen for
 * 'error'. Node throws an 'error' event that has no listener, which exits the process.
 */
import { contains, isFunction, type Node } from '../facts/ast.js';
import { FRAMEWORKS, type ServerFact, type SocketFact, type SocketModel, type SocketUse } from '../facts/index.js';
import { makePlan, type PlanDraft } from '../fixes/plan.js';
import { planErrorListener, planMoveListener } from '../fixes/plans/error-listener.js';
import { inSourceOrder, type Finding } from './finding.js';

export const RULE = 'require-error-listener';

export interface Options {
  /** Also report sockets handed to functions we cannot see into (they may add the listener). */
  readonly reportHandedOffSockets: boolean;
}

export const DEFAULT_OPTIONS: Options = { reportHandedOffSockets: false };

export type MessageId =
  | 'missingSocketErrorListener'
  | 'missingClientErrorListener'
  | 'missingServerErrorListener'
  | 'missingUpgradeSocketErrorListener'
  | 'errorListenerAfterAwait'
  | 'addErrorListener'
  | 'moveErrorListener';

export function checkErrorListeners(model: SocketModel, options: Options): Finding<MessageId>[] {
  const findings: Finding<MessageId>[] = [];
  const finding = (messageId: MessageId, node: SocketFact['node'], data: Record<string, string>, draft: PlanDraft | undefined, suggestion: MessageId = 'addErrorListener') => {
    const plans = draft ? [makePlan(draft, { rule: RULE, node, messageId: suggestion })] : [];
    findings.push({ rule: RULE, messageId, data, node, plans });
  };
  for (const socket of model.sockets) {
    if (socket.errorBehaviour !== 'crashes') continue;
    if (socket.accesses.length === 0 && socket.node.type !== 'NewExpression' && socket.node.type !== 'AwaitExpression') continue;
    const uses = model.usesOf(socket);
    if (listensForErrors(uses)) {
      const wait = suspensionBeforeErrorListener(model, socket, uses);
      if (wait) {
        const label = socket.role === 'raw-upgrade' ? 'Upgrade socket error:' : 'WebSocket error:';
        const data = { framework: FRAMEWORKS[socket.framework].displayName };
        const move = moveListenerPlan(model, socket, uses, wait);
        if (move) finding('errorListenerAfterAwait', socket.node, data, move, 'moveErrorListener');
        else finding('errorListenerAfterAwait', socket.node, data, socketPlan(model, socket, label));
      }
      continue;
    }
    if (socket.role === 'raw-upgrade') {
      const boundary = model.asyncBoundaryBeforeHandOver(socket);
      if (!boundary) continue;
      const data = { boundary: boundary.type === 'AwaitExpression' || boundary.type === 'ForOfStatement' ? 'an await' : 'a callback' };
      finding('missingUpgradeSocketErrorListener', socket.node, data, socketPlan(model, socket, 'Upgrade socket error:'));
      continue;
    }
    if (!options.reportHandedOffSockets && takenOver(model, uses)) continue;
    const messageId = socket.role === 'client' ? 'missingClientErrorListener' : 'missingSocketErrorListener';
    finding(messageId, socket.node, { framework: FRAMEWORKS[socket.framework].displayName }, socketPlan(model, socket, 'WebSocket error:'));
  }
  for (const server of model.servers) {
    if (!serverCanEmitErrors(server)) continue;
    const uses = model.usesOfServer(server);
    if (listensForErrors(uses)) continue;
    if (!options.reportHandedOffSockets && uses.some((use) => use.kind === 'handed-off')) continue;
    const target = { node: server.node, access: server.access, handlerFn: undefined };
    finding('missingServerErrorListener', server.node, {}, planErrorListener(model, target, 'WebSocket server error:', "Add an 'error' listener to the server"));
  }
  return inSourceOrder(findings);
}

/**
 * The first `await` (or `for await`) of the handler that received the socket, when every 'error'
 * listener is attached after it, in the handler itself: during the wait the socket reads (a reset,
 * an invalid frame) with no listener, and an 'error' then exits the process. Nothing is said when
 * the socket was handed to other code before the wait, which may have attached one.
 */
function suspensionBeforeErrorListener(model: SocketModel, socket: SocketFact, uses: readonly SocketUse[]): SocketFact['node'] | undefined {
  const fn = socket.handler?.fn;
  if (!fn || !fn.async || !fn.params.some((param) => param.range[0] <= socket.node.range[0] && socket.node.range[1] <= param.range[1])) return undefined;
  const suspensions = [...model.index.own(fn, 'AwaitExpression'), ...model.index.own(fn, 'ForOfStatement').filter((loop) => loop.await)];
  const first = suspensions.sort((a, b) => a.range[0] - b.range[0])[0];
  if (!first) return undefined;
  const before = (node: SocketFact['node']) => node.range[0] < first.range[0];
  for (const use of uses) {
    const isErrorListener = use.kind === 'listener' && (use.event === 'error' || use.event === '*');
    if (isErrorListener && (before(use.node) || model.enclosingFunction(use.node) !== fn)) return undefined;
    if (use.kind === 'handed-off' && before(use.node)) return undefined;
  }
  return first;
}

/**
 * The handler's one 'error' listener statement, moved before the statement that first waits, when
 * it stands in the handler's body and reads nothing the handler declares (`user` from the await).
 */
function moveListenerPlan(model: SocketModel, socket: SocketFact, uses: readonly SocketUse[], wait: SocketFact['node']): PlanDraft | undefined {
  const fn = socket.handler!.fn;
  if (fn.body.type !== 'BlockStatement') return undefined;
  const body = fn.body.body as readonly SocketFact['node'][];
  const listeners = uses.filter((use) => use.kind === 'listener' && use.event === 'error');
  if (listeners.length !== 1) return undefined;
  const statementOf = (node: SocketFact['node']) => body.find((statement) => statement.range[0] <= node.range[0] && node.range[1] <= statement.range[1]);
  const listener = statementOf(listeners[0]!.node);
  const waiting = statementOf(wait);
  if (!listener || !waiting || listener.type !== 'ExpressionStatement' || listener === waiting) return undefined;
  const declaredInHandler = model.index.descendants(listener).some((node) => {
    if (node.type !== 'Identifier') return false;
    const declared = model.resolver?.variable(node)?.defs[0]?.name as SocketFact['node'] | undefined;
    return !!declared && fn.body.range[0] <= declared.range[0] && declared.range[1] <= fn.body.range[1] && !(listener.range[0] <= declared.range[0] && declared.range[1] <= listener.range[1]);
  });
  return declaredInHandler ? undefined : planMoveListener(model, listener, waiting);
}

/** A ws server re-emits errors of the HTTP server it owns or was given; with noServer it has none. */
function serverCanEmitErrors(server: ServerFact): boolean {
  return FRAMEWORKS[server.framework].serverErrors === 'crashes' && server.wrappedBy === undefined && (server.attachment === 'port' || server.attachment === 'server');
}

/**
 * Whether other code may have taken the socket over (and attached its listener): it was handed
 * to code we cannot see, other than from inside the socket's own listeners. A socket this file
 * listens to and passes on per message (`ws.on('message', (data) => handle(ws, data))`) is still
 * this file's to guard.
 */
function takenOver(model: SocketModel, uses: readonly SocketUse[]): boolean {
  const ownListeners: Node[] = [];
  for (const use of uses) {
    if (use.kind !== 'listener' || use.node.type !== 'CallExpression') continue;
    for (const argument of use.node.arguments) {
      const fn = isFunction(argument) ? argument : model.resolver?.functionOf(argument);
      if (fn) ownListeners.push(fn);
    }
  }
  return uses.some((use) => use.kind === 'handed-off' && !ownListeners.some((fn) => contains(fn, use.node)));
}

/** A listener for 'error', or one whose event name we cannot read (it may be 'error'). */
function listensForErrors(uses: readonly SocketUse[]): boolean {
  return uses.some((use) => use.kind === 'listener' && (use.event === 'error' || use.event === '*'));
}

function socketPlan(model: SocketModel, socket: SocketFact, label: string): PlanDraft | undefined {
  const target = { node: socket.node, access: socket.accesses[0], handlerFn: socket.handler?.fn };
  return planErrorListener(model, target, label, "Add an 'error' listener to the socket");
}
