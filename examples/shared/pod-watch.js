// A stand-in for a Kubernetes pod watch (seeds 000/001). No cluster and no network: an
// EventEmitter that reports a pod phase change on a timer until it is stopped.
//
// It keeps a timer alive for as long as it runs. That is the point: a watch that nobody
// stops is exactly what leaked in the incident, one per page visit.
import { EventEmitter } from 'node:events';

const PHASES = ['Pending', 'ContainerCreating', 'Running', 'Running', 'Succeeded'];
const running = new Set();

export class PodWatch extends EventEmitter {
  #timer;
  #signal;
  #onAbort = () => this.stop();
  #seq = 0;

  constructor(namespace, { intervalMs = 250, signal } = {}) {
    super();
    this.namespace = namespace;
    this.stopped = false;
    running.add(this);
    this.#timer = setInterval(() => this.#tick(), intervalMs);
    if (signal) {
      this.#signal = signal;
      if (signal.aborted) queueMicrotask(this.#onAbort);
      else signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  #tick() {
    const n = this.#seq++;
    this.emit('event', {
      type: n === 0 ? 'ADDED' : 'MODIFIED',
      namespace: this.namespace,
      pod: `web-${n % 3}`,
      phase: PHASES[n % PHASES.length],
      resourceVersion: String(1000 + n),
    });
  }

  /** Ends the watch; safe to call more than once. */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.#timer);
    this.#signal?.removeEventListener('abort', this.#onAbort);
    running.delete(this);
    this.emit('end');
    this.removeAllListeners();
  }
}

/** Starts watching pods of `namespace`. Pass `{ signal }` to tie the watch to a lifetime. */
export function watchPods(namespace, options) {
  return new PodWatch(namespace, options);
}

/** How many watches are still running (used by the tests to show the leak). */
export function runningWatchCount() {
  return running.size;
}

/** Stops every watch still running: test hygiene after demonstrating a leak. */
export function stopAllWatches() {
  for (const watch of running) watch.stop();
}
