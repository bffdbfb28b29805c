/**
 * The fix engine on its own (fixes/engine.ts, code.ts, names.ts, style.ts): plans written as
 * structural edits, lowered into text for files of every style and statement position.
 */
import { describe, expect, it } from 'vitest';

import type { FunctionNode, Node } from '../../facts/ast.js';
import { isFunction } from '../../facts/ast.js';
import type { SocketModel } from '../../facts/index.js';
import { factsOfText } from '../../facts/parse.js';
import { code, NewName, str, typed } from '../../fixes/code.js';
import { applyEdits, composePlans, planEdits, StalePlanError } from '../../fixes/engine.js';
import { makePlan, type PlanEdit } from '../../fixes/plan.js';
import { detectStyle } from '../../fixes/style.js';

/** Every file needs a sign of WebSocket code for the facts to be built. */
const HEADER = "import 'ws';\n";

function facts(body: string, filename = 'file.js', header = HEADER): SocketModel {
  return factsOfText(header + body, filename);
}

/** The first node of a type whose source text is exactly `text`. */
function find(model: SocketModel, text: string, type?: string): Node {
  const node = model.nodes.find((n) => model.text.slice(n.range[0], n.range[1]) === text && (!type || n.type === type));
  if (!node) throw new Error(`no node ${type ?? ''} \`${text}\``);
  return node;
}

function fn(model: SocketModel, text: string): FunctionNode {
  const node = find(model, text);
  if (!isFunction(node)) throw new Error(`not a function: ${text}`);
  return node;
}

function plan(edits: readonly PlanEdit[], description = 'test plan') {
  return makePlan({ kind: 'test', description, edits }, { rule: 'test', node: { range: [0, 0] } as Node, messageId: 'test' });
}

/** The text after one plan alone (throws the engine's reason when it refuses). */
function apply(model: SocketModel, edits: readonly PlanEdit[]): string {
  const lowered = planEdits(model, plan(edits));
  if ('reason' in lowered) throw new Error(lowered.reason);
  return applyEdits(model.text, lowered.edits).slice(HEADER.length);
}

describe('statement positions', () => {
  it('puts statements next to a sole body inside a block it adds, keeping the else with its if', () => {
    const model = facts('if (url) ws = connect(url); else ws = null;\n');
    const statement = find(model, 'ws = connect(url);', 'ExpressionStatement');
    expect(apply(model, [{ kind: 'after', statement, code: code`ws.on('error', report);` }])).toBe(
      "if (url) {\n  ws = connect(url);\n  ws.on('error', report);\n} else ws = null;\n",
    );
  });

  it('a declaration in front of a sole body gets the block too (it could not stand alone)', () => {
    const model = facts('for (const w of ws)\n  setInterval(() => w.ping(), 1000);\n');
    const statement = find(model, 'setInterval(() => w.ping(), 1000);', 'ExpressionStatement');
    const name = new NewName('interval', statement);
    const output = apply(model, [
      { kind: 'prefix', statement, code: code`const ${name} = ` },
      { kind: 'after', statement, code: code`w.on('close', () => clearInterval(${name}));` },
    ]);
    expect(output).toBe("for (const w of ws) {\n  const interval = setInterval(() => w.ping(), 1000);\n  w.on('close', () => clearInterval(interval));\n}\n");
  });

  it('a guard wraps the consequent of an if that has an else, and nothing else', () => {
    const withElse = facts('if (open) ws.send(x); else clearInterval(t);\n');
    const guarded = find(withElse, 'ws.send(x);', 'ExpressionStatement');
    expect(apply(withElse, [{ kind: 'prefix', statement: guarded, code: code`if (ok) ` }])).toBe('if (open) {\n  if (ok) ws.send(x);\n} else clearInterval(t);\n');

    const withoutElse = facts('for (const c of clients) c.send(x);\n');
    const loopBody = find(withoutElse, 'c.send(x);', 'ExpressionStatement');
    expect(apply(withoutElse, [{ kind: 'prefix', statement: loopBody, code: code`if (ok) ` }])).toBe('for (const c of clients) if (ok) c.send(x);\n');

    // An alternate: `else if (ok) …` keeps the else where it was.
    const alternate = facts('if (a) b(); else ws.send(x);\n');
    expect(apply(alternate, [{ kind: 'prefix', statement: find(alternate, 'ws.send(x);', 'ExpressionStatement'), code: code`if (ok) ` }])).toBe(
      'if (a) b(); else if (ok) ws.send(x);\n',
    );
  });

  it('leaves a comment between `if (…)` and its body where it is', () => {
    const model = facts('if (url) // reconnect\n  ws = connect(url);\n');
    const statement = find(model, 'ws = connect(url);', 'ExpressionStatement');
    expect(apply(model, [{ kind: 'after', statement, code: code`listen(ws);` }])).toBe('if (url) { // reconnect\n  ws = connect(url);\n  listen(ws);\n}\n');
  });

  it('turns an arrow expression body into a block: without `return` when nobody reads the value, with it otherwise', () => {
    const listener = facts("ws.on('close', () => connect());\n");
    const body = find(listener, 'connect()', 'CallExpression');
    expect(apply(listener, [{ kind: 'before', statement: body, code: code`attempts++;` }])).toBe("ws.on('close', () => {\n  attempts++;\n  connect();\n});\n");

    const mapper = facts('const open = urls.map((u) => connect(u));\n');
    const arrow = fn(mapper, '(u) => connect(u)');
    expect(apply(mapper, [{ kind: 'body-start', fn: arrow, code: code`log(u);` }])).toBe('const open = urls.map((u) => {\n  log(u);\n  return connect(u);\n});\n');
    // Statements after a returned expression would change what the arrow returns.
    expect(planEdits(mapper, plan([{ kind: 'body-end', fn: arrow, code: code`log(u);` }]))).toEqual({ reason: 'test plan: cannot add statements after a returned expression' });
  });

  it('opens a one-line block that receives statements', () => {
    const model = facts("wss.on('connection', (ws) => { peers.add(ws); });\n");
    const handler = fn(model, '(ws) => { peers.add(ws); }');
    expect(apply(model, [{ kind: 'body-start', fn: handler, code: code`ws.on('error', report);` }])).toBe(
      "wss.on('connection', (ws) => {\n  ws.on('error', report);\n  peers.add(ws);\n});\n",
    );
  });

  it('puts a statement after one that ends in a comment after that comment', () => {
    const model = facts('function f() {\n  start(); // why\n  other();\n}\n');
    const statement = find(model, 'start();', 'ExpressionStatement');
    expect(apply(model, [{ kind: 'after', statement, code: code`stop();` }])).toBe('function f() {\n  start(); // why\n  stop();\n  other();\n}\n');
  });
});

describe('names', () => {
  it('gives two plans in one handler two names, and avoids names of the file and of enclosing scopes', () => {
    const model = facts("const interval = 5;\nwss.on('connection', (ws) => {\n  setInterval(a, interval);\n  setInterval(b, interval);\n});\n");
    const first = find(model, 'setInterval(a, interval);', 'ExpressionStatement');
    const second = find(model, 'setInterval(b, interval);', 'ExpressionStatement');
    const block = model.parentOf(first)!;
    const planFor = (statement: Node) => {
      const name = new NewName('interval', block);
      return plan([
        { kind: 'prefix', statement, code: code`const ${name} = ` },
        { kind: 'after', statement, code: code`ws.on('close', () => clearInterval(${name}));` },
      ]);
    };
    const composition = composePlans(model, [planFor(first), planFor(second)]);
    expect(composition.rejected).toEqual([]);
    expect(applyEdits(model.text, composition.edits).slice(HEADER.length)).toBe(
      "const interval = 5;\nwss.on('connection', (ws) => {\n  const interval2 = setInterval(a, interval);\n  ws.on('close', () => clearInterval(interval2));\n  const interval3 = setInterval(b, interval);\n  ws.on('close', () => clearInterval(interval3));\n});\n",
    );
  });

  it('reuses a name in scopes that do not overlap', () => {
    const model = facts('function a() {\n  x();\n}\nfunction b() {\n  y();\n}\n');
    const inA = find(model, 'x();', 'ExpressionStatement');
    const inB = find(model, 'y();', 'ExpressionStatement');
    const planIn = (statement: Node) => plan([{ kind: 'before', statement, code: code`let ${new NewName('count', model.parentOf(statement)!)} = 0;` }]);
    const composition = composePlans(model, [planIn(inA), planIn(inB)]);
    expect(applyEdits(model.text, composition.edits).slice(HEADER.length)).toBe('function a() {\n  let count = 0;\n  x();\n}\nfunction b() {\n  let count = 0;\n  y();\n}\n');
  });
});

describe('composition', () => {
  it('rejects a plan whose edits overlap an accepted one, with the reason, and orders insertions at one offset by plan', () => {
    const model = facts('send(a + b);\n');
    const sum = find(model, 'a + b', 'BinaryExpression');
    const statement = find(model, 'send(a + b);', 'ExpressionStatement');
    const replaceSum = plan([{ kind: 'replace', range: sum.range, code: code`total` }], 'replace the sum');
    const replaceA = plan([{ kind: 'replace', range: [sum.range[0], sum.range[0] + 1], code: code`x` }], 'replace a');
    const first = plan([{ kind: 'after', statement, code: code`one();` }], 'first');
    const second = plan([{ kind: 'after', statement, code: code`two();` }], 'second');
    const composition = composePlans(model, [replaceSum, replaceA, first, second]);
    expect(composition.rejected.map((r) => r.reason)).toEqual(['replace a: its edits overlap those of another plan']);
    expect(composition.applied.map((p) => p.description)).toEqual(['replace the sum', 'first', 'second']);
    expect(applyEdits(model.text, composition.edits).slice(HEADER.length)).toBe('send(total);\none();\ntwo();\n');
  });

  it('two plans that put statements next to one sole body share one block', () => {
    const model = facts('if (c) start();\n');
    const statement = find(model, 'start();', 'ExpressionStatement');
    const composition = composePlans(model, [plan([{ kind: 'after', statement, code: code`a();` }]), plan([{ kind: 'before', statement, code: code`b();` }])]);
    expect(applyEdits(model.text, composition.edits).slice(HEADER.length)).toBe('if (c) {\n  b();\n  start();\n  a();\n}\n');
  });

  it('applies only the first of two plans that claim the same key; the other waits, with the reason', () => {
    const model = facts('a();\nb();\n');
    const claiming = (text: string, description: string) =>
      makePlan({ kind: 'test', description, edits: [{ kind: 'after', statement: find(model, text, 'ExpressionStatement'), code: code`x();` }], claims: ['controller:1'] }, { rule: 'test', node: { range: [0, 0] } as Node, messageId: 'test' });
    const composition = composePlans(model, [claiming('a();', 'first'), claiming('b();', 'second'), plan([{ kind: 'before', statement: find(model, 'a();', 'ExpressionStatement'), code: code`y();` }], 'free')]);
    expect(composition.applied.map((p) => p.description)).toEqual(['first', 'free']);
    expect(composition.rejected.map((r) => r.reason)).toEqual(['second: waits for "first" (the next pass)']);
  });

  it('detects a stale plan: edits made for one text are never applied to another', () => {
    const model = facts('start(url);\n');
    const lowered = planEdits(model, plan([{ kind: 'replace', range: find(model, 'url').range, code: code`other` }]));
    if ('reason' in lowered) throw new Error(lowered.reason);
    expect(() => applyEdits(model.text.replace('url', 'uri'), lowered.edits)).toThrow(StalePlanError);
  });
});

describe('style', () => {
  const body = (text: string) => code`${text}.on(${str('error')}, (error${typed(': Error')}) => {
  console.error('failed', error);
});`;

  it('writes in the file’s indentation, quotes, semicolons and line endings', () => {
    const header = 'import "ws"\r\n';
    const model = facts('function f(ws) {\r\n\tif (ws) {\r\n\t\tstart("x")\r\n\t}\r\n}\r\n', 'file.js', header);
    const handler = fn(model, model.text.slice(model.text.indexOf('function'), model.text.lastIndexOf('}') + 1));
    const lowered = planEdits(model, plan([{ kind: 'body-start', fn: handler, code: body('ws') }]));
    if ('reason' in lowered) throw new Error(lowered.reason);
    expect(applyEdits(model.text, lowered.edits).slice(header.length)).toBe(
      'function f(ws) {\r\n\tws.on("error", (error) => {\r\n\t\tconsole.error("failed", error)\r\n\t})\r\n\tif (ws) {\r\n\t\tstart("x")\r\n\t}\r\n}\r\n',
    );
  });

  it('keeps a semicolon the next line needs, and writes type annotations only in TypeScript', () => {
    // `;(` starts a line in a semicolon-free file: our last statement keeps its semicolon there.
    const model = facts('function f(ws) {\n  a()\n  b()\n  ;(async () => {})()\n}\n', 'file.ts', "import 'ws'\n");
    const statement = find(model, 'b()\n  ;', 'ExpressionStatement');
    const after = planEdits(model, plan([{ kind: 'after', statement, code: code`c();\nd();` }]));
    if ('reason' in after) throw new Error(after.reason);
    expect(applyEdits(model.text, after.edits)).toContain('  b()\n  ;\n  c()\n  d();(async () => {})()');
    const handler = fn(model, model.text.slice(model.text.indexOf('function'), model.text.lastIndexOf('}') + 1));
    expect(apply(model, [{ kind: 'body-start', fn: handler, code: body('ws') }])).toContain("ws.on('error', (error: Error) => {");
  });

  it('leaves comments alone: their apostrophes are not quotes, and a block comment keeps its odd space', () => {
    const model = facts('const a = "x";\nif (a) {\n    go("y");\n}\n');
    const last = find(model, 'if (a) {\n    go("y");\n}', 'IfStatement');
    const output = apply(model, [
      {
        kind: 'after',
        statement: last,
        code: code`/**
 * The socket's 'error' listeners, 'close' too.
 */
// it's 'here'
on('error', () => {});`,
      },
    ]);
    expect(output).toContain(`}\n/**\n * The socket's 'error' listeners, 'close' too.\n */\n// it's 'here'\non("error", () => {});`);
  });

  it('detects the indentation unit, quotes, semicolons and line endings', () => {
    const model = facts('const a = "x";\nif (a) {\n    go("y")\n}\n');
    expect(detectStyle(model.text, model.nodes)).toEqual({ indentUnit: '    ', quote: '"', semicolons: true, eol: '\n', typescript: false });
    expect(detectStyle('a()\r\nb()\r\n', []).eol).toBe('\r\n');
  });
});

describe('indentation of moved code', () => {
  it('moves every line one level deeper, but not the lines of a template literal', () => {
    const model = facts('async function f(m) {\n  const t = `a\nb`;\n  await run(t);\n}\n');
    const handler = fn(model, model.text.slice(model.text.indexOf('async function'), model.text.lastIndexOf('}') + 1));
    const last = find(model, 'await run(t);', 'ExpressionStatement');
    const output = apply(model, [
      { kind: 'body-start', fn: handler, code: code`try {` },
      { kind: 'indent', from: handler.body.range[0] + 1, to: last.range[1] },
      { kind: 'body-end', fn: handler, code: code`} finally {\n  done();\n}` },
    ]);
    expect(output).toBe('async function f(m) {\n  try {\n    const t = `a\nb`;\n    await run(t);\n  } finally {\n    done();\n  }\n}\n');
  });
});

describe('class members', () => {
  function body(model: SocketModel) {
    const node = model.nodes.find((n) => n.type === 'ClassBody');
    if (node?.type !== 'ClassBody') throw new Error('no class body');
    return node;
  }

  it('adds a method after the last member, after a blank line, in the file’s indentation', () => {
    const model = facts('class Feed {\n    start() {\n        this.ws = open();\n    }\n}\n');
    expect(apply(model, [{ kind: 'member', body: body(model), code: code`stop() {\n  this.ws?.close();\n}` }])).toBe(
      'class Feed {\n    start() {\n        this.ws = open();\n    }\n\n    stop() {\n        this.ws?.close();\n    }\n}\n',
    );
  });

  it('fills an empty class body, and refuses a class written on one line', () => {
    const empty = facts('class Feed {}\n');
    expect(apply(empty, [{ kind: 'member', body: body(empty), code: code`stop() {}` }])).toBe('class Feed {\n  stop() {}\n}\n');
    const oneLine = facts('class Feed { start() { this.ws = open(); } }\n');
    expect(() => apply(oneLine, [{ kind: 'member', body: body(oneLine), code: code`stop() {}` }])).toThrow('one line');
  });
});
