/**
 * add-heartbeat (the half-open peers incident): for a ws server we can name, right after the
 * statement that creates it, an interval that pings every client and terminates those that did
 * not answer the previous ping, cleared when the server closes. It adds no 'connection' listener
 * (whose sockets would need their own 'error' listener) and no per-socket state beyond a WeakSet.
 * Needs `wss.clients` (client tracking left on).
 */
import type { ServerSite } from '../../facts/liveness.js';
import { lookupProperty } from '../../facts/static-values.js';
import { FRAMEWORKS } from '../../facts/frameworks.js';
import type { SocketModel } from '../../facts/index.js';
import { code, NewName } from '../code.js';
import type { PlanDraft } from '../plan.js';
import { listenerEdits } from './places.js';

export function planHeartbeat(model: SocketModel, site: ServerSite, intervalMs: number): PlanDraft | undefined {
  const server = site.server;
  if (!server?.access || !FRAMEWORKS[server.framework].trackedClients) return undefined;
  if (site.options.state === 'found') {
    if (lookupProperty(model, site.options.object, 'clientTracking').state !== 'absent') return undefined;
  } else if (site.options.state !== 'absent') return undefined;
  const edits = listenerEdits(
    model,
    { node: server.node, access: server.access, handlerFn: undefined },
    (wss, scope) => {
      const awaitingPong = new NewName('awaitingPong', scope);
      const heartbeat = new NewName('heartbeat', scope);
      const client = new NewName('client', scope, true);
      return code`const ${awaitingPong} = new WeakSet();
const ${heartbeat} = setInterval(() => {
  for (const ${client} of ${wss}.${FRAMEWORKS[server.framework].trackedClients!}) {
    if (${client}.isPaused) {
      ${awaitingPong}.delete(${client}); // a paused socket reads no pong: ask again once it is resumed
      continue;
    }
    if (${awaitingPong}.has(${client})) {
      ${client}.terminate();
      continue;
    }
    ${awaitingPong}.add(${client});
    ${client}.once('pong', () => ${awaitingPong}.delete(${client}));
    ${client}.ping();
  }
}, ${String(intervalMs)});
${wss}.on('close', () => clearInterval(${heartbeat}));`;
    },
    { declares: true },
  );
  return edits && { kind: 'add-heartbeat', description: 'Add a heartbeat that terminates peers which stopped answering pings', edits };
}
