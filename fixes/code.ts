/**
 * The code a fix plan writes, before it is fitted to a file.
 *
 * Plans write their own text in one canonical style (single quotes, semicolons, two spaces per
 * level, `\n`) with the tagged template `code`. Interpolated strings are the user's own text
 * (an expression copied from the file, a variable's name) and are never restyled; names the plan
 * introduces are `NewName` placeholders that the file's allocator resolves; string values the
 * plan chooses at run time (an event name) go through `str()` so that they get the file's quotes.
 * `render` (style.ts does the detection) turns it into the text that goes into the file.
 */
import type { Node } from '../facts/ast.js';
import type { Style } from './style.js';

/** A name a plan introduces; one allocator per file picks the identifier. */
export class NewName {
  constructor(
    /** The preferred name (`interval`); the allocator adds a number when it is taken. */
    readonly base: string,
    /**
     * Where the name is declared. A name declared in the file's own code (before a statement, in
     * a block) must be free in that whole node; a `local` one, declared and used only inside the
     * plan's new code (a loop variable), only must not hide a name visible there.
     */
    readonly scope: Node,
    readonly local = false,
  ) {}
}

/** A string literal whose value the plan picked (`'close'` or `'disconnect'`). */
class StringValue {
  constructor(readonly value: string) {}
}

/** Code written only in TypeScript files (a type annotation). */
class TypeScriptOnly {
  constructor(readonly code: Code) {}
}

/**
 * A module's export bound to a new local name: `readFile`, or `readFile as readFile2` (an import
 * specifier) / `readFile: readFile2` (a destructured require) when the allocator had to rename it.
 */
class Alias {
  constructor(
    readonly exported: string,
    readonly local: NewName,
    readonly form: 'import' | 'require',
  ) {}
}

/** Generated text, in the canonical style (restyled when rendered). */
class Generated {
  constructor(readonly text: string) {}
}

type Part = Generated | string | NewName | StringValue | TypeScriptOnly | Alias | Code;

export class Code {
  constructor(readonly parts: readonly Part[]) {}

  /** True when the user text `text` is interpolated somewhere in this code. */
  interpolates(text: string): boolean {
    return this.parts.some((part) => part === text || (part instanceof Code && part.interpolates(text)));
  }

  /** Identifiers in the user text this code copies (a new name must not hide one of them). */
  copiedIdentifiers(): Set<string> {
    const found = new Set<string>();
    const collect = (part: Part): void => {
      if (part instanceof Code) part.parts.forEach(collect);
      else if (typeof part === 'string') for (const match of part.matchAll(/[A-Za-z_$][\w$]*/g)) found.add(match[0]);
    };
    this.parts.forEach(collect);
    return found;
  }

  /** The names this code introduces, in order of first appearance. */
  names(): NewName[] {
    const found: NewName[] = [];
    for (const part of this.parts) {
      const inner = part instanceof Code ? part : part instanceof TypeScriptOnly ? part.code : undefined;
      if (part instanceof NewName && !found.includes(part)) found.push(part);
      else if (part instanceof Alias && !found.includes(part.local)) found.push(part.local);
      else if (inner) for (const name of inner.names()) if (!found.includes(name)) found.push(name);
    }
    return found;
  }
}

export type Interpolation = string | number | NewName | Code | StringValue | TypeScriptOnly | Alias;

/** Tagged template for plan code: literal parts are ours, `${…}` parts are kept as they are. */
export function code(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Code {
  const parts: Part[] = [];
  strings.forEach((literal, index) => {
    if (literal) parts.push(new Generated(literal));
    if (index < values.length) {
      const value = values[index]!;
      parts.push(typeof value === 'number' ? new Generated(String(value)) : value);
    }
  });
  return new Code(parts);
}

/** Plain user text as code (an expression copied from the file). */
export function verbatim(text: string): Code {
  return new Code([text]);
}

/** A string literal with the file's quotes. */
export function str(value: string): StringValue {
  return new StringValue(value);
}

/** A type annotation (`: Error`), written only in TypeScript files. */
export function typed(annotation: string | Code): TypeScriptOnly {
  return new TypeScriptOnly(typeof annotation === 'string' ? new Code([new Generated(annotation)]) : annotation);
}

/** One binding of an import or a destructured require, renamed when `local` had to be. */
export function alias(exported: string, local: NewName, form: 'import' | 'require'): Alias {
  return new Alias(exported, local, form);
}

/** Joins codes with a generated separator (`\n` between statements). */
export function joinCode(codes: readonly Code[], separator: string): Code {
  const parts: Part[] = [];
  codes.forEach((item, index) => {
    if (index > 0) parts.push(new Generated(separator));
    parts.push(item);
  });
  return new Code(parts);
}

export interface RenderContext {
  readonly style: Style;
  /** The indentation of the line the code's first line continues (added after each newline). */
  readonly indent: string;
  readonly nameOf: (name: NewName) => string;
  /**
   * The first character of the file's text right after the insertion: a semicolon the file's
   * style would omit is kept when dropping it would join our last statement with the next line.
   */
  readonly followedBy: string;
}

/** Marks a semicolon we wrote, so that only ours are dropped in a semicolon-free file. */
const OURS = '\u0001';

/** The text of a code for one place in one file. */
export function render(item: Code, context: RenderContext): string {
  const out: string[] = [];
  const emit = (part: Part): void => {
    if (part instanceof Code) part.parts.forEach(emit);
    else if (part instanceof NewName) out.push(context.nameOf(part));
    else if (part instanceof StringValue) out.push(quote(part.value, context.style));
    else if (part instanceof TypeScriptOnly) {
      if (context.style.typescript) emit(part.code);
    }
    else if (part instanceof Generated) out.push(restyle(part.text, context));
    else if (part instanceof Alias) {
      const local = context.nameOf(part.local);
      out.push(local === part.exported ? local : `${part.exported}${part.form === 'import' ? ' as ' : ': '}${local}`);
    } else out.push(part);
  };
  item.parts.forEach(emit);
  let text = out.join('');
  if (!context.style.semicolons) {
    // (also before a trailing line comment: `continue; // why` → `continue // why`)
    text = text.replace(new RegExp(`;${OURS}(?=[ \\t]*(?://[^\\r\\n]*)?\\r?\\n)`, 'g'), '');
    // The last one too, unless the next line would continue our statement (ASI does not
    // separate `f()` from a following `(…)`, `[…]` or template).
    if (text.endsWith(`;${OURS}`) && !/^\s*[([`+\-/]/.test(context.followedBy)) text = text.slice(0, -2);
  }
  return text.replaceAll(OURS, '');
}

/** Our own text in the file's style: quotes, line breaks and indentation (semicolons: see render). */
function restyle(text: string, context: RenderContext): string {
  const { style } = context;
  let result = text.replaceAll(';', `;${OURS}`);
  // Comments are prose: their apostrophes are not quotes.
  if (style.quote === '"') result = result.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|'((?:[^'"\\\n]|\\.)*)'/g, (match, body: string | undefined) => (body === undefined ? match : `"${body}"`));
  // Our templates indent by two spaces; an odd space left over (the ` * ` of a block comment) stays.
  return result.replace(/\n( *)/g, (_match, spaces: string) => `${style.eol}${context.indent}${style.indentUnit.repeat(Math.floor(spaces.length / 2))}${' '.repeat(spaces.length % 2)}`);
}

export function quote(value: string, style: Style): string {
  const q = style.quote;
  const escaped = value.replace(/\\/g, '\\\\').replaceAll(q, `\\${q}`).replace(/\n/g, '\\n');
  return `${q}${escaped}${q}`;
}
