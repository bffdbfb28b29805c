import { EventEmitter } from 'node:events';

export interface PodEvent {
  type: 'ADDED' | 'MODIFIED';
  namespace: string;
  pod: string;
  phase: string;
  resourceVersion: string;
}

export interface WatchOptions {
  intervalMs?: number;
  signal?: AbortSignal;
}

export declare class PodWatch extends EventEmitter {
  constructor(namespace: string, options?: WatchOptions);
  readonly namespace: string;
  readonly stopped: boolean;
  on(event: 'event', listener: (event: PodEvent) => void): this;
  on(event: 'end', listener: () => void): this;
  stop(): void;
}

export declare function watchPods(namespace: string, options?: WatchOptions): PodWatch;
export declare function runningWatchCount(): number;
export declare function stopAllWatches(): void;
