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
        '{{resource}} is started for each connection and never stopped when the socket closes; release it on \'{{closeEvent}}\'.',
      unreleasedRegistry: 'The socket is added to {{resource}} for each connection and never removed; remove it on \'{{closeEvent}}\'.',
      releasedOnErrorOnly:
        '{{resource}} is released only on \'error\', which a normal close never emits; release it on \'{{closeEvent}}\'.',
      releasedOnRequestOnly:
        '{{resource}} is released only on the upgrade request\'s \'{{event}}\', which does not follow the socket; release it on the socket\'s \'{{closeEvent}}\'.',
      releaseSkippedByReturn:
        "{{resource}} is released on '{{closeEvent}}' by a listener the return on line {{line}} skips; attach the release before that return.",
      releasedOutsideClose:
        '{{resource}} is released only where the socket\'s \'{{closeEvent}}\' does not reach; release it on \'{{closeEvent}}\' as well.',
      neverFiredCloseEvent: '{{framework}} sockets never emit \'{{event}}\', so this listener never runs; listen for \'{{closeEvent}}\'.',
      serverInterval:
        '{{resource}} is started with each server and never cleared, so it outlives the closed server; clear it when the server closes.',
      clientInterval:
        "This interval works on a client socket that its close handler does not clear, so it outlives the connection{{reconnect}}; clear it on close.",
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
