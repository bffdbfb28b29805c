/**
 * require-close-cleanup: work started for a connection must end when the connection ends.
 * Intervals, subscriptions, watches, listeners on longer-lived emitters, registry entries, endless
 * `for await` loops and child processes started per connection need a release that the socket's
 * real close event reaches (frameworks.md §16.1 "R2-close"; seeds 000 and 004). The decision is
 * checks/require-close-cleanup.ts.
 */
import { checkCloseCleanup, DEFAULT_OPTIONS, type MessageId, type Options as CheckOptions } from '../checks/require-close-cleanup.js';
import { createRule, runCheck } from './create-rule.js';

export type Options = [Partial<CheckOptions>];

export default createRule<Options, MessageId>({
  name: 'require-close-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require work started for a WebSocket connection to be released when the socket closes',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    fixable: 'code',
    defaultOptions: [{ ...DEFAULT_OPTIONS }],
    messages: {
      unreleased:
        "{{resource}} is started for each connection and nothing stops it when the socket closes. It keeps running after the peer is gone and keeps the socket and everything its callbacks reference in memory: one leak per connection, until the process runs out of memory or file descriptors. Release it on '{{closeEvent}}'.",
      unreleasedRegistry:
        "The socket is stored in {{resource}} for each connection and never removed. Closed sockets, and everything they reference, stay there for the life of the process: the registry grows with every connection ever made. Remove it on '{{closeEvent}}'.",
      releasedOnErrorOnly:
        "{{resource}} is released only in an 'error' listener. A socket that closes normally never emits 'error', so on most disconnects it is never released and outlives the connection. Release it on '{{closeEvent}}', which follows every 'error' too.",
      releasedOnRequestOnly:
        "{{resource}} is released only when the upgrade request emits '{{event}}'. After an upgrade the request's lifecycle is not the socket's: Node does not emit it when the socket closes (or emits it at once, if the request was read), so the work outlives the connection. Release it on the socket's '{{closeEvent}}'.",
      releasedOutsideClose:
        "{{resource}} is released only in places the socket's '{{closeEvent}}' does not reach. A peer that disconnects without going through them leaves it running. Release it on '{{closeEvent}}' as well.",
      neverFiredCloseEvent:
        "{{framework}} sockets never emit '{{event}}': this listener never runs, so nothing in it happens when the connection ends. The connection's end is '{{closeEvent}}'.",
      serverInterval:
        "{{resource}} is started each time this function creates the server, and nothing clears it. The server is closed in this module, but the interval keeps running after that: it keeps the server and its clients in memory and keeps the process from exiting. Clear it when the server closes.",
      clientInterval:
        "This interval works on a client socket, and the socket's close handler does not clear it: when the connection drops it keeps running against a closed socket{{reconnect}}. Clear it when the socket closes.",
      addRelease: 'Release it when the socket closes: `{{release}}`.',
      useCloseEvent: "Listen for '{{closeEvent}}' instead.",
      clearOnServerClose: 'Clear it when the server closes: `{{release}}`.',
      clearOnClientClose: "Clear it in the socket's close handler.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportReleasesOutsideClose: {
            type: 'boolean',
            description:
              "Also report resources whose only releases run in places the rule cannot connect to the socket's close event (a message handler, a helper called from elsewhere).",
          },
        },
      },
    ],
  },
  create(context, [options]) {
    return runCheck(context, checkCloseCleanup, { ...DEFAULT_OPTIONS, ...options });
  },
});
