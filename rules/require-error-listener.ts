/**
 * require-error-listener: ws-family sockets and servers, and raw upgrade sockets, must listen for
 * 'error'. Node throws an 'error' event that has no listener, which exits the process
 * (frameworks.md §0.2, reproduced by tests/examples/runtime.test.ts).
 */
import {
  FRAMEWORKS,
  getSocketModel,
  planListenerInsertion,
  type FixPlan,
  type ServerFact,
  type SocketFact,
  type SocketModel,
  type SocketUse,
} from '../socket-model/index.js';
import { createRule, fixFromPlan } from './create-rule.js';

export type Options = [
  {
    /** Also report sockets handed to functions we cannot see into (they may add the listener). */
    reportHandedOffSockets?: boolean;
  },
];

export type MessageIds =
  | 'missingSocketErrorListener'
  | 'missingClientErrorListener'
  | 'missingServerErrorListener'
  | 'missingUpgradeSocketErrorListener'
  | 'addErrorListener';

interface Finding { readonly messageId: Exclude<MessageIds, 'addErrorListener'>; readonly node: SocketFact['node']; readonly data: Record<string, string>; readonly plan: FixPlan | undefined }

export default createRule<Options, MessageIds>({
  name: 'require-error-listener',
  meta: {
    type: 'problem',
    docs: {
      description: "Require an 'error' listener on ws sockets, ws servers and raw upgrade sockets",
      recommended: 'recommended',
    },
    hasSuggestions: true,
    defaultOptions: [{ reportHandedOffSockets: false }],
    messages: {
      missingSocketErrorListener:
        "This {{framework}} socket has no 'error' listener. The peer can make ws emit 'error' at any time (an invalid frame, an oversized message), and an 'error' event with no listener is thrown: the whole process exits.",
      missingClientErrorListener:
        "This ws client has no 'error' listener. A refused, reset or failed connection emits 'error', and with no listener it is thrown: the process exits.",
      missingServerErrorListener:
        "This WebSocketServer has no 'error' listener. Errors of the HTTP server it listens on (EADDRINUSE, EACCES) are re-emitted on it and, with no listener, thrown: the process exits.",
      missingUpgradeSocketErrorListener:
        "The raw upgrade socket lives across {{boundary}} with no 'error' listener. Node removes its own listener before emitting 'upgrade', so a client reset while waiting is thrown and the process exits. Listen for 'error' before the wait.",
      addErrorListener: "Add an 'error' listener that logs the error.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportHandedOffSockets: {
            type: 'boolean',
            description:
              'Also report sockets and servers that are passed to functions this rule cannot see into (another module, a library), which may attach the listener themselves.',
          },
        },
      },
    ],
  },
  create(context, [options]) {
    const model = getSocketModel(context.sourceCode);
    if (!model.hasEvidence) return {};
    return {
      Program() {
        for (const finding of findMissingErrorListeners(model, context.sourceCode.text, options.reportHandedOffSockets === true)) {
          const plan = finding.plan;
          context.report({
            node: finding.node,
            messageId: finding.messageId,
            data: finding.data,
            suggest: plan ? [{ messageId: 'addErrorListener', fix: fixFromPlan(plan) }] : [],
          });
        }
      },
    };
  },
});

/** Gather facts from the model and decide, without reporting (kept pure for the codemod's reuse). */
export function findMissingErrorListeners(model: SocketModel, text: string, reportHandedOff: boolean): Finding[] {
  const findings: Finding[] = [];
  for (const socket of model.sockets) {
    if (socket.errorBehaviour !== 'crashes') continue;
    if (socket.accesses.length === 0 && socket.node.type !== 'NewExpression' && socket.node.type !== 'AwaitExpression') continue;
    const uses = model.usesOf(socket);
    if (listensForErrors(uses)) continue;
    if (socket.role === 'raw-upgrade') {
      const boundary = model.asyncBoundaryBeforeHandOver(socket);
      if (!boundary) continue;
      findings.push({
        messageId: 'missingUpgradeSocketErrorListener',
        node: socket.node,
        data: { boundary: boundary.type === 'AwaitExpression' || boundary.type === 'ForOfStatement' ? 'an await' : 'a callback' },
        plan: errorListenerPlan(model, text, socket, 'Upgrade socket error:'),
      });
      continue;
    }
    if (!reportHandedOff && uses.some((use) => use.kind === 'handed-off')) continue;
    findings.push({
      messageId: socket.role === 'client' ? 'missingClientErrorListener' : 'missingSocketErrorListener',
      node: socket.node,
      data: { framework: FRAMEWORKS[socket.framework].displayName },
      plan: errorListenerPlan(model, text, socket, 'WebSocket error:'),
    });
  }
  for (const server of model.servers) {
    if (!serverCanEmitErrors(server)) continue;
    const uses = model.usesOfServer(server);
    if (listensForErrors(uses)) continue;
    if (!reportHandedOff && uses.some((use) => use.kind === 'handed-off')) continue;
    findings.push({
      messageId: 'missingServerErrorListener',
      node: server.node,
      data: {},
      plan: planListenerInsertion(model, text, {
        node: server.node,
        access: server.access,
        handlerFn: undefined,
        description: "Add an 'error' listener to the server",
        statement: logErrorStatement('WebSocket server error:'),
      }),
    });
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** A ws server re-emits errors of the HTTP server it owns or was given; with noServer it has none. */
function serverCanEmitErrors(server: ServerFact): boolean {
  return server.framework === 'ws' && server.wrappedBy === undefined && (server.attachment === 'port' || server.attachment === 'server');
}

/** A listener for 'error', or one whose event name we cannot read (it may be 'error'). */
function listensForErrors(uses: readonly SocketUse[]): boolean {
  return uses.some((use) => use.kind === 'listener' && (use.event === 'error' || use.event === '*'));
}

function errorListenerPlan(model: SocketModel, text: string, socket: SocketFact, label: string): FixPlan | undefined {
  return planListenerInsertion(model, text, {
    node: socket.node,
    access: socket.accesses[0],
    handlerFn: socket.handler?.fn,
    description: "Add an 'error' listener to the socket",
    statement: logErrorStatement(label),
  });
}

function logErrorStatement(label: string): (target: string, indent: string) => string {
  return (target, indent) => {
    const unit = indent.includes('\t') ? '\t' : '  ';
    return `${target}.on('error', (error) => {\n${indent}${unit}console.error('${label}', error);\n${indent}});`;
  };
}
