/**
 * require-error-listener: ws-family sockets and servers, and raw upgrade sockets, must listen for
 * 'error'. Node throws an 'error' event that has no listener, which exits the process.
 */
import { FRAMEWORKS, ownsLifecycle, suspensionsIn, type ServerFact, type SocketFact, type SocketModel, type SocketUse } from '../facts/index.js';
import { makePlan, type PlanDraft } from '../fixes/plan.js';
import { planErrorListener, planMoveErrorListener } from '../fixes/plans/error-listener.js';
import { inSourceOrder, type Finding } from './finding.js';

export const RULE = 'require-error-listener';

export interface Options {
  /** Also report sockets handed to functions we cannot see into (they may add the listener). */
  readonly reportHandedOffSockets: boolean;
  /**
   * The strict config: also report sockets known only by their type or use (a parameter typed
   * `WebSocket`, or named and used like a socket) in functions nothing in this file calls. Their
   * caller, in another module, may already listen for errors.
   */
  readonly strict: boolean;
}

export const DEFAULT_OPTIONS: Options = { reportHandedOffSockets: false, strict: false };

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
    // The library that took the server over listens on each of its sockets.
    if (serverOfSocket(model, socket)?.wrappedBy !== undefined) continue;
    if (socket.inferred && !options.strict) continue;
    if (socket.accesses.length === 0 && socket.node.type !== 'NewExpression' && socket.node.type !== 'AwaitExpression') continue;
    const uses = model.usesOf(socket);
    if (listensForErrors(uses)) {
      const wait = suspensionBeforeErrorListener(model, socket, uses);
      if (wait) {
        const label = socket.role === 'raw-upgrade' ? 'Upgrade socket error:' : 'WebSocket error:';
        const data = { framework: FRAMEWORKS[socket.framework].displayName };
        const move = planMoveErrorListener(model, socket, uses, wait);
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
    const handOffs = uses.filter((use) => use.kind === 'handed-off' && !use.fromOwnListener);
    if (!options.reportHandedOffSockets && handOffs.length > 0) {
      // Handed over only after the handler's first await: whatever listener the other code adds,
      // the socket has none during the wait.
      const wait = suspensionBeforeHandOff(model, socket, handOffs);
      if (wait) finding('errorListenerAfterAwait', socket.node, { framework: FRAMEWORKS[socket.framework].displayName }, socketPlan(model, socket, 'WebSocket error:'));
      continue;
    }
    // A socket received from elsewhere is this code's to guard only if this code wires its events.
    if (!ownsLifecycle(socket, uses)) continue;
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
  const first = suspensionsIn(fn, model.index)[0];
  if (!first) return undefined;
  const before = (node: SocketFact['node']) => node.range[0] < first.range[0];
  for (const use of uses) {
    const isErrorListener = use.kind === 'listener' && (use.event === 'error' || use.event === '*');
    if (isErrorListener && (before(use.node) || model.enclosingFunction(use.node) !== fn)) return undefined;
    if (use.kind === 'handed-off' && before(use.node)) return undefined;
  }
  return first;
}

/** The handler's first await, when every hand-off of its socket parameter comes after it. */
function suspensionBeforeHandOff(model: SocketModel, socket: SocketFact, handOffs: readonly SocketUse[]): SocketFact['node'] | undefined {
  const fn = socket.handler?.fn;
  if (!fn || !fn.async || !fn.params.some((param) => param.range[0] <= socket.node.range[0] && socket.node.range[1] <= param.range[1])) return undefined;
  const first = suspensionsIn(fn, model.index)[0];
  if (!first) return undefined;
  return handOffs.every((use) => use.node.range[0] > first.range[1] && model.enclosingFunction(use.node) === fn) ? first : undefined;
}

/** The server whose 'connection' listener received the socket, when this file made it. */
function serverOfSocket(model: SocketModel, socket: SocketFact): ServerFact | undefined {
  const registration = socket.handler?.registration;
  if (!registration || socket.handler?.kind !== 'connection') return undefined;
  return model.serverListenedBy(registration);
}

/** A ws server re-emits errors of the HTTP server it owns or was given; with noServer it has none. */
function serverCanEmitErrors(server: ServerFact): boolean {
  return FRAMEWORKS[server.framework].serverErrors === 'crashes' && server.wrappedBy === undefined && (server.attachment === 'port' || server.attachment === 'server');
}

/** A listener for 'error', or one whose event name we cannot read (it may be 'error'). */
function listensForErrors(uses: readonly SocketUse[]): boolean {
  return uses.some((use) => use.kind === 'listener' && (use.event === 'error' || use.event === '*'));
}

function socketPlan(model: SocketModel, socket: SocketFact, label: string): PlanDraft | undefined {
  const target = { node: socket.node, access: socket.accesses[0], handlerFn: socket.handler?.fn };
  return planErrorListener(model, target, label, "Add an 'error' listener to the socket");
}
