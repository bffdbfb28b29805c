// What the harness and a host process (host.ts) say to each other over IPC.

/** What is alive in the server's process at one moment. */
export interface Sample {
  /** performance.now() in the host. */
  at: number;
  /** Active timers (`setTimeout`/`setInterval` not yet cleared or fired). */
  timers: number;
  /** Open TCP sockets (connections; the listening socket is not one). */
  tcpSockets: number;
  /** ws WebSocket objects on the heap after a full collection (-1: not collected). */
  wsSockets: number;
  /** socket.io Socket objects on the heap after a full collection (-1: not collected or no socket.io). */
  socketIoSockets: number;
  heapUsed: number;
  /** Bytes ws has queued for all its server-side sockets, and for the fullest one. */
  serverBuffered: number;
  serverMaxBuffered: number;
  /** The numbers the host's gauge modules report (the pod watch's running watches). */
  gauges: Record<string, number>;
}

export type HostRequest = { type: 'sample'; id: number; collect: boolean } | { type: 'stop' };

export type HostReply = { type: 'ready'; port: number } | { type: 'sample'; id: number; sample: Sample };
