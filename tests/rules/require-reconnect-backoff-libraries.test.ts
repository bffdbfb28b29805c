/**
 * require-reconnect-backoff on libraries that reconnect by themselves (facts/library-reconnect.ts):
 * socket.io-client's reconnection options read as a backoff.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-reconnect-backoff.js';

const ruleTester = new RuleTester();

ruleTester.run('require-reconnect-backoff', rule, {
  valid: [
    // The defaults: 1 s doubling up to 5 s, spread by ±50 %.
    `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example');
`,
    // Tuned, still growing and spread.
    `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 500, reconnectionDelayMax: 30_000, randomizationFactor: 0.3 });
`,
    // Reconnection off: nothing to spread.
    `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnection: false, randomizationFactor: 0 });
`,
    // Options we cannot read.
    `
import { io } from 'socket.io-client';
import { options } from './config.js';
export const socket = io('https://chat.example', { ...options, randomizationFactor: 0 });
`,
  ],
  invalid: [
    {
      code: `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 2000, randomizationFactor: 0 });
`,
      errors: [
        {
          messageId: 'libraryNoJitter',
          suggestions: [
            {
              messageId: 'fixLibraryBackoff',
              output: `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 2000, randomizationFactor: 0.5 });
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import io from 'socket.io-client';
const RETRY_MS = 3000;
export const socket = io({ reconnectionDelay: RETRY_MS, reconnectionDelayMax: RETRY_MS });
`,
      errors: [
        {
          messageId: 'libraryConstantDelay',
          suggestions: [
            {
              messageId: 'fixLibraryBackoff',
              output: `
import io from 'socket.io-client';
const RETRY_MS = 3000;
export const socket = io({ reconnectionDelay: RETRY_MS, reconnectionDelayMax: 30000 });
`,
            },
          ],
        },
      ],
    },
    // A first delay above the default largest one (5 s): the delay never grows.
    {
      code: `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 8000 });
`,
      errors: [
        {
          messageId: 'libraryConstantDelay',
          suggestions: [
            {
              messageId: 'fixLibraryBackoff',
              output: `
import { io } from 'socket.io-client';
export const socket = io('https://chat.example', { reconnectionDelay: 8000, reconnectionDelayMax: 64000 });
`,
            },
          ],
        },
      ],
    },
  ],
});
