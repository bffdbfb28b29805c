/**
 * bounded-message-queue (the slow-consumer incident): a message handler's work goes through a
 * per-connection queue that stops reading the socket while too much is waiting.
 */
import { planKindCodemod } from '../codemod.js';

export const boundedMessageQueue = planKindCodemod(
  'bounded-message-queue',
  "Route each connection's message work through a bounded queue that pauses the socket while it is full",
  ['no-unbounded-message-handler'],
  ['bounded-message-queue'],
);
