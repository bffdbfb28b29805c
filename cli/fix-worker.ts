/** A worker thread of `websocket-doctor fix`: transforms the files it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';

import { transformFile, type CodemodRun } from './transform-file.js';

const run = workerData as CodemodRun;

parentPort!.on('message', (file: string) => {
  parentPort!.postMessage(transformFile(file, run));
});
