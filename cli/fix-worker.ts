/** A worker thread of `websocket-doctor fix`: transforms the files it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';

import type { CodemodOptions } from '../codemods/codemod.js';
import { transformFile } from './transform-file.js';

const { codemods, options } = workerData as { codemods: readonly string[]; options: CodemodOptions };

parentPort!.on('message', (file: string) => {
  parentPort!.postMessage(transformFile(file, codemods, options));
});
