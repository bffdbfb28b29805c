// this-owner.ts: what `this` is an instance of, outside ES classes too (function constructors and
// their prototype methods, object literals kept in a variable, `self = this` aliases), and the
// members and methods that share one `this`.
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import type { Node } from '../../facts/ast.js';
import { parseTsModel, type Parsed } from './helpers.js';

const WS = `import { WebSocketServer } from 'ws';\n`;

function parse(code: string): Parsed {
  return parseTsModel(`${WS}${code}`);
}

/** The `this.<name>`/`alias.<name>` members of the file, as text, grouped by the owner each denotes. */
function membersByOwner(parsed: Parsed, name: string): string[][] {
  const owners = parsed.model.thisOwners!;
  const groups = new Map<Node, string[]>();
  for (const node of parsed.model.nodes) {
    if (node.type !== 'MemberExpression') continue;
    const owner = owners.ownerOf(node.object);
    if (!owner || owners.membersOf(owner, name).length === 0 || groups.has(owner)) continue;
    groups.set(owner, owners.membersOf(owner, name).map((member) => parsed.text.slice(member.range[0], member.range[1])));
  }
  return [...groups.values()];
}

function call(parsed: Parsed, text: string): TSESTree.CallExpression {
  const found = parsed.model.nodes.find((node) => node.type === 'CallExpression' && parsed.text.slice(node.range[0], node.range[1]) === text);
  if (!found) throw new Error(`no call ${text}`);
  return found as TSESTree.CallExpression;
}

describe('ThisOwners', () => {
  it('a function constructor and its prototype methods share `this`, through `self = this` in callbacks', () => {
    const parsed = parse(`
function Conn(ws) {
  this.ws = ws;
  var self = this;
  ws.on('close', function () { self.ws = null; });
}
Conn.prototype.flush = function () {
  const that = this;
  setTimeout(function () { that.ws.send('x'); }, 10);
};
new Conn(null);
`);
    expect(membersByOwner(parsed, 'ws')).toEqual([['this.ws', 'self.ws', 'that.ws']]);
  });

  it("methods given as `Foo.prototype = { … }` and as declared functions assigned to the prototype", () => {
    const parsed = parse(`
function Hub(wss) { this.wss = wss; }
function start() { this.wss.on('connection', () => {}); }
Hub.prototype = { stop() { this.wss.close(); } };
Hub.prototype.start = start;
`);
    expect(membersByOwner(parsed, 'wss')).toEqual([['this.wss', 'this.wss', 'this.wss']]);
    const owners = parsed.model.thisOwners!;
    const stop = call(parsed, 'this.wss.close()');
    const owner = owners.ownerAt(stop)!;
    expect(owners.methodOf(owner, 'start')?.type).toBe('FunctionDeclaration');
    expect(owners.methodsOf(owner)).toHaveLength(3);
  });

  it('`this.m()` and `self.m()` in a prototype method resolve to the prototype method', () => {
    const parsed = parse(`
function Queue() { this.items = []; }
Queue.prototype.drain = function () {};
Queue.prototype.push = function (x) { var self = this; this.items.push(x); self.drain(); this.drain(); };
new Queue();
`);
    const owners = parsed.model.thisOwners!;
    const viaSelf = owners.methodAt(call(parsed, 'self.drain()').callee);
    const viaThis = owners.methodAt(call(parsed, 'this.drain()').callee);
    expect(viaSelf).toBeDefined();
    expect(viaSelf).toBe(viaThis);
  });

  it('an object literal kept in a variable owns its methods; one passed to a call does not', () => {
    const parsed = parse(`
const relay = {
  peers: new Set(),
  add(ws) { this.peers.add(ws); },
  remove(ws) { this.peers.delete(ws); },
};
register({ add(ws) { this.peers.add(ws); } });
`);
    expect(membersByOwner(parsed, 'peers')).toEqual([['this.peers', 'this.peers']]);
  });

  it("an options-API component owns its hooks and the methods in its `methods: {…}`; a default-exported object its methods", () => {
    const component = parseTsModel(`
import { defineComponent } from 'vue';
export default defineComponent({
  mounted() { this.ws = new WebSocket(url); },
  methods: { send(text) { this.ws.send(text); } },
  beforeUnmount() { this.ws.close(); this.send('bye'); },
});
`);
    expect(membersByOwner(component, 'ws')).toEqual([['this.ws', 'this.ws', 'this.ws']]);
    const owners = component.model.thisOwners!;
    const send = owners.methodAt(call(component, "this.send('bye')").callee);
    expect(send && owners.memberOwner(send)).toBe(owners.ownerAt(call(component, 'this.ws.close()')));
    const exported = parseTsModel(`export default { open() { this.ws = new WebSocket(url); }, methods: { stop() { this.ws.close(); } } };`);
    expect(membersByOwner(exported, 'ws')).toEqual([['this.ws', 'this.ws']]);
    // Not an options-API definer: the callee binds `this` as it likes.
    const other = parseTsModel(`import { define } from 'elsewhere';\ndefine({ methods: { a() { this.ws.close(); } }, b() { this.ws.send(''); } });`);
    expect(membersByOwner(other, 'ws')).toEqual([]);
  });

  it('`this` of a plain function nobody constructs, or of a callback, is no owner', () => {
    const parsed = parse(`
export function middleware(next) { this.websocket.on('message', () => {}); return next(); }
class Server {
  start() { setTimeout(function () { this.ws.close(); }, 10); this.ws = null; }
}
`);
    const owners = parsed.model.thisOwners!;
    expect(owners.ownerAt(call(parsed, "this.websocket.on('message', () => {})"))).toBeUndefined();
    expect(owners.ownerAt(call(parsed, 'this.ws.close()'))).toBeUndefined();
    expect(membersByOwner(parsed, 'ws')).toEqual([['this.ws']]);
  });

  it('`new Foo(ws)` constructs a class (its constructor) or a function constructor (the function)', () => {
    const parsed = parse(`
class A { constructor(ws) { this.ws = ws; } }
function B(ws) { this.ws = ws; }
const b = (ws) => ({ ws });
new A(1); new B(2); new b(3);
`);
    const owners = parsed.model.thisOwners!;
    const news = parsed.model.nodes.filter((node): node is TSESTree.NewExpression => node.type === 'NewExpression');
    const made = news.map((node) => owners.constructedBy(node.callee));
    expect(made[0]?.owner.type).toBe('ClassDeclaration');
    expect(made[0]?.init?.type).toBe('FunctionExpression');
    expect(made[1]?.owner.type).toBe('FunctionDeclaration');
    expect(made[1]?.init).toBe(made[1]?.owner);
    expect(made[2]).toBeUndefined();
  });
});
