/**
 * The owners of client sockets (facts/owners.ts): which lifecycle owns a socket, and that files
 * without WebSocket code cost the evidence test only.
 */
import { describe, expect, it } from 'vitest';

import { ownedSockets } from '../../facts/owners.js';
import { parseEspreeModel, parseTsModel } from './helpers.js';

function owners(code: string, filename: `${string}.tsx` | `${string}.ts` = 'component.tsx') {
  const { model, text } = parseTsModel(code, { filename });
  return ownedSockets(model).map((owned) => ({
    socket: text.slice(owned.creation.range[0], owned.creation.range[1]),
    owner: `${owned.owner.framework} ${owned.owner.kind} (${owned.owner.startName})`,
    closed: owned.closed,
  }));
}

describe('client socket owners', () => {
  it('a component file without WebSocket code has no evidence', () => {
    const code = `import { useEffect, useState } from 'react';
      export function Clock() {
        const [now, setNow] = useState(Date.now());
        useEffect(() => {
          const timer = setInterval(() => setNow(Date.now()), 1000);
          return () => clearInterval(timer);
        }, []);
        return now;
      }`;
    expect(parseTsModel(code, { filename: 'clock.tsx' }).model.hasEvidence).toBe(false);
    expect(parseEspreeModel(code.replace(/: \w+/g, '')).model.hasEvidence).toBe(false);
  });

  it('socket.io-client is evidence', () => {
    expect(parseTsModel(`import { io } from 'socket.io-client';\nexport const s = io();`).model.hasEvidence).toBe(true);
  });

  it('knows each lifecycle from the table', () => {
    expect(
      owners(`import { useEffect, useMemo } from 'react';
        import { io } from 'socket.io-client';
        export function Chat() {
          const feed = useMemo(() => new WebSocket('wss://a'), []);
          useEffect(() => {
            const socket = io('https://b');
            return () => socket.disconnect();
          }, []);
          const perRender = new WebSocket('wss://c');
          return null;
        }`),
    ).toEqual([
      { socket: "new WebSocket('wss://a')", owner: 'React initialiser (useMemo)', closed: false },
      { socket: "io('https://b')", owner: 'React effect (useEffect)', closed: true },
      { socket: "new WebSocket('wss://c')", owner: 'React render (render)', closed: false },
    ]);
    expect(
      owners(
        `import { onMounted, onBeforeUnmount } from 'vue';
        import { Component } from '@angular/core';
        export function useFeed() {
          let ws: WebSocket | undefined;
          onMounted(() => { ws = new WebSocket('wss://a'); });
          onBeforeUnmount(() => ws?.close());
        }
        @Component({ selector: 'x', template: '' })
        export class Feed {
          ws = new WebSocket('wss://b');
          ngOnInit() { this.ws = new WebSocket('wss://c'); }
        }`,
        'feed.ts',
      ),
    ).toEqual([
      { socket: "new WebSocket('wss://a')", owner: 'Vue mount (onMounted)', closed: true },
      { socket: "new WebSocket('wss://b')", owner: 'Angular class (a class field)', closed: false },
      { socket: "new WebSocket('wss://c')", owner: 'Angular class (ngOnInit)', closed: false },
    ]);
  });

  it('a module-level socket and a plain function are nobody’s component', () => {
    expect(
      owners(
        `export const feed = new WebSocket('wss://a');
         export function connect(url: string) { return new WebSocket(url); }`,
        'feed.ts',
      ),
    ).toEqual([]);
  });
});
