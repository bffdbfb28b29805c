/**
 * Every codemod, by name, in the order `--all` applies them (they run together in one
 * convergence loop, so the order only decides which of two overlapping plans goes first).
 */
import { abortOnClose } from './abort-on-close/codemod.js';
import { boundedMessageQueue } from './bounded-message-queue/codemod.js';
import { planKindCodemod, type Codemod } from './codemod.js';

export const CODEMODS: readonly Codemod[] = [
  abortOnClose,
  boundedMessageQueue,
  planKindCodemod('add-error-listener', "Add an 'error' listener that logs, where a socket or server has none (an unhandled 'error' exits the process)", ['require-error-listener'], ['add-error-listener']),
  planKindCodemod('add-heartbeat', 'Add a heartbeat to ws servers that never cut silent peers, use terminate() where a heartbeat closes them, and restore an idle timeout that was turned off', ['require-idle-timeout'], ['add-heartbeat', 'use-terminate', 'restore-idle-timeout'], {
    options: {
      heartbeatIntervalMs: { description: 'milliseconds between two pings; a peer that stopped answering is terminated within two', default: 30_000 },
    },
    checkOptions: (options) => ({
      'require-idle-timeout': typeof options.heartbeatIntervalMs === 'number' ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {},
    }),
  }),
  planKindCodemod('add-max-payload', 'Limit the size of one message (1 MiB) on servers left at the 100 MiB default or with the limit off', ['require-max-payload'], ['add-max-payload']),
  planKindCodemod('guard-send', "Drop a repeated send while the client's buffer is above 1 MiB (socket.io: send volatile)", ['require-backpressure-check'], ['guard-send'], {
    options: {
      bufferedBytes: { description: 'bytes queued for a client above which the message is dropped (or the client terminated)', default: 1024 * 1024 },
      slowClient: { description: "'drop' the message, or 'terminate' the slow client", default: 'drop', choices: ['drop', 'terminate'] },
    },
    checkOptions: (options) => ({
      'require-backpressure-check': {
        ...(typeof options.bufferedBytes === 'number' ? { highWaterMark: options.bufferedBytes } : {}),
        ...(options.slowClient === 'terminate' ? { slowClient: 'terminate' } : {}),
      },
    }),
  }),
  planKindCodemod('reconnect-backoff', 'Reconnect from the close event only, after a capped exponential delay with full jitter, reset on open', ['require-reconnect-backoff'], ['reconnect-backoff', 'drop-error-reconnect']),
];

export function codemodNamed(name: string): Codemod | undefined {
  return CODEMODS.find((codemod) => codemod.name === name);
}
