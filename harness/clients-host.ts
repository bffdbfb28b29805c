// The process a client program runs in: `count` independent clients of one module, the way
// `count` browser tabs or CLI instances would run. Started by processes.ts as
//   node --import jiti/register harness/clients-host.ts <client module> <url> <count>
// It imports the module, calls its `connect(url, onEvent)` (the examples' convention) `count`
// times, says so over IPC, and stops every client when asked.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [program, url, count] = process.argv.slice(2);
if (!program || !url || !count || !process.send) {
  console.error('usage (from the harness, with an IPC channel): clients-host.ts <client module> <url> <count>');
  process.exit(2);
}

const { connect } = (await import(pathToFileURL(path.resolve(program)).href)) as {
  connect(url: string, onEvent: (event: unknown) => void): { stop(): void };
};
const clients = Array.from({ length: Number(count) }, () => connect(url, () => {}));
process.send('started');
process.on('message', () => {
  for (const client of clients) client.stop();
  setTimeout(() => process.exit(0), 200).unref();
});
