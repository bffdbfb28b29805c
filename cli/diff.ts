/**
 * Unified diffs of a file's old and new text, for the dry run (`git apply` reads them): a line
 * diff (Myers' O(ND) algorithm) grouped into hunks with three lines of context.
 */
const CONTEXT = 3;

type Operation = { readonly kind: 'same' | 'removed' | 'added'; readonly line: string };

/** The diff of two texts as unified-diff text (empty when they are equal). */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string {
  if (oldText === newText) return '';
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const operations = diffLines(oldLines, newLines);
  const hunks = hunksOf(operations);
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (const hunk of hunks) out.push(...hunk);
  return `${out.join('\n')}\n`;
}

/** Lines with their terminators kept visible: a missing final newline is marked as diff does. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  const last = lines.pop()!;
  const result = lines.map((line) => line);
  if (last !== '') result.push(`${last}\n\\ No newline at end of file`);
  return result;
}

function diffLines(a: readonly string[], b: readonly string[]): Operation[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(frontier.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!) ? frontier[offset + k + 1]! : frontier[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the edit script.
  const operations: Operation[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      operations.push({ kind: 'same', line: a[--x]! });
      y--;
    }
    if (d === 0) break;
    if (x === prevX) operations.push({ kind: 'added', line: b[--y]! });
    else operations.push({ kind: 'removed', line: a[--x]! });
  }
  while (x > 0 && y > 0) {
    operations.push({ kind: 'same', line: a[--x]! });
    y--;
  }
  return operations.reverse();
}

function hunksOf(operations: readonly Operation[]): string[][] {
  const hunks: string[][] = [];
  let i = 0;
  // Line numbers (1-based) in the old and new text of operations[i].
  let oldLine = 1;
  let newLine = 1;
  const advance = (operation: Operation) => {
    if (operation.kind !== 'added') oldLine++;
    if (operation.kind !== 'removed') newLine++;
  };
  while (i < operations.length) {
    if (operations[i]!.kind === 'same') {
      advance(operations[i]!);
      i++;
      continue;
    }
    // A hunk: context before, changes (merging gaps of up to 2 × CONTEXT), context after.
    const start = Math.max(0, i - CONTEXT);
    let oldStart = oldLine - (i - start);
    let newStart = newLine - (i - start);
    let end = i;
    while (end < operations.length) {
      if (operations[end]!.kind !== 'same') {
        end++;
        continue;
      }
      let run = end;
      while (run < operations.length && operations[run]!.kind === 'same') run++;
      if (run === operations.length || run - end > 2 * CONTEXT) break;
      end = run;
    }
    const stop = Math.min(operations.length, end + CONTEXT);
    const lines: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    for (let j = start; j < stop; j++) {
      const operation = operations[j]!;
      const prefix = operation.kind === 'same' ? ' ' : operation.kind === 'removed' ? '-' : '+';
      lines.push(`${prefix}${operation.line}`);
      if (operation.kind !== 'added') oldCount++;
      if (operation.kind !== 'removed') newCount++;
    }
    if (oldCount === 0) oldStart--;
    if (newCount === 0) newStart--;
    hunks.push([`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...lines]);
    for (let j = i; j < stop; j++) advance(operations[j]!);
    i = stop;
  }
  return hunks;
}
