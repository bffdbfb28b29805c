/**
 * An edit writes in its file's own line endings and indentation: a suggestion that inserts `\n`
 * lines into a CRLF file or space-indented lines into a tab-indented one leaves the file mixed.
 * Also the line diff that failure messages show.
 */
import type { CheckFailure } from './check.js';

/** Lines the two texts share at the start and at the end; what lies between changed. */
function changedLines(input: string, output: string): { firstChanged: number; removed: string[]; added: string[] } {
  const before = input.split('\n');
  const after = output.split('\n');
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  const shorter = Math.min(before.length, after.length) - prefix;
  while (suffix < shorter && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return {
    firstChanged: prefix,
    removed: before.slice(prefix, before.length - suffix),
    added: after.slice(prefix, after.length - suffix),
  };
}

/** The changed lines of a suggestion, `\r` and tabs made visible, at most `maxLines` of them. */
export function diffLines(input: string, output: string, maxLines = 12): string {
  const visible = (line: string): string => line.replace(/\r/g, '␍').replace(/\t/g, '⇥');
  const { firstChanged, removed, added } = changedLines(input, output);
  const body = [...removed.map((line) => `- ${visible(line)}`), ...added.map((line) => `+ ${visible(line)}`)];
  const shown = body.length > maxLines ? [...body.slice(0, maxLines), `… ${body.length - maxLines} more`] : body;
  return [`@@ line ${firstChanged + 1}`, ...shown].join('\n');
}

type LineEnding = 'CRLF' | 'LF' | 'CR';

function lineEndingsOf(text: string): Map<LineEnding, number> {
  const counts = new Map<LineEnding, number>();
  for (const [match] of text.matchAll(/\r\n|\r|\n/g)) {
    const ending: LineEnding = match === '\r\n' ? 'CRLF' : match === '\r' ? 'CR' : 'LF';
    counts.set(ending, (counts.get(ending) ?? 0) + 1);
  }
  return counts;
}

/** The output has a kind of line break its input has none of (a one-line input allows any). */
export function lineEndingFailures(input: string, output: string): CheckFailure[] {
  const inputEndings = lineEndingsOf(input);
  if (inputEndings.size === 0) return [];
  const foreign = [...lineEndingsOf(output)].filter(([ending]) => !inputEndings.has(ending));
  if (foreign.length === 0) return [];
  const detail = `input uses ${[...inputEndings.keys()].join('+')} only; the output adds ${foreign.map(([ending, count]) => `${count} ${ending}`).join(', ')}`;
  return [{ kind: 'mixes-line-endings', detail }];
}

type Indentation = 'tabs' | 'spaces';

function indentationOf(line: string): Indentation | undefined {
  if (/^\t+\S/.test(line)) return 'tabs';
  // One space is a block comment's ` *`, not indentation.
  if (/^ {2,}\S/.test(line)) return 'spaces';
  return undefined;
}

/** The style most indented lines use: a few template literal lines do not decide it. */
function dominantIndentation(lines: readonly string[]): Indentation | undefined {
  let tabs = 0;
  let spaces = 0;
  for (const line of lines) {
    const style = indentationOf(line);
    if (style === 'tabs') tabs++;
    else if (style === 'spaces') spaces++;
  }
  if (tabs === spaces) return undefined;
  return tabs > spaces ? 'tabs' : 'spaces';
}

/** The output's changed lines are indented in the other style than most of the input. */
export function indentationFailures(input: string, output: string): CheckFailure[] {
  const style = dominantIndentation(input.split('\n'));
  if (!style) return [];
  const foreign = changedLines(input, output).added.filter((line) => {
    const lineStyle = indentationOf(line);
    return lineStyle !== undefined && lineStyle !== style;
  });
  if (foreign.length === 0) return [];
  return [{ kind: 'mixes-indentation', detail: `input is indented with ${style}; the output adds ${foreign.length} line(s) indented otherwise` }];
}
