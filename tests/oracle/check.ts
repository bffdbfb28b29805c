/**
 * The oracle's checks. A suggestion is safe when its output parses, its own finding is gone, no
 * finding of any rule appears, and (TypeScript) no type error appears that its input did not have.
 * Beyond that it moves no code it did not touch (structure.ts) and keeps the file's line endings
 * and indentation (formatting.ts).
 */
import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

import plugin from '../../index.js';

import { parseProgram } from './ast.js';
import { indentationFailures, lineEndingFailures } from './formatting.js';
import { projectRoot } from './sources.js';
import { type StatementIndex, indexStatements, structureChanges } from './structure.js';

const RULE_PREFIX = 'websocket';

/** What decides how a text is linted: its file type and its own rule's options. */
export interface LintTarget {
  readonly filename: string;
  readonly ruleName: string | undefined;
  readonly options: readonly unknown[];
  readonly languageOptions: Linter.LanguageOptions | undefined;
}

export type FailureKind =
  | 'variant-does-not-parse'
  | 'lint-crash'
  | 'does-not-parse'
  | 'keeps-own-finding'
  | 'adds-finding'
  | 'adds-type-error'
  | 'changes-structure'
  | 'mixes-line-endings'
  | 'mixes-indentation'
  | 'composition-does-not-parse'
  | 'composition-leaves-finding'
  | 'composition-adds-finding';

export interface CheckFailure {
  readonly kind: FailureKind;
  /** The parse error, the findings that remain or appear, the new diagnostic, or the crash. */
  readonly detail: string;
}

export type LintOutcome =
  | {
      readonly ok: true;
      readonly messages: readonly Linter.LintMessage[];
      /** The AST ESLint built, when this call parsed the text (not kept in the cache: memory). */
      readonly program: TSESTree.Program | undefined;
    }
  | { readonly ok: false; readonly failure: CheckFailure };

// ---------------------------------------------------------------------------------------------
// Linting with every rule.

export function isTypeScriptFile(filename: string): boolean {
  return /\.(?:ts|tsx|mts|cts)$/.test(filename);
}

function defaultLanguageOptions(filename: string): Linter.LanguageOptions {
  if (isTypeScriptFile(filename)) return { parser: tseslint.parser };
  return {
    sourceType: filename.endsWith('.cjs') ? 'commonjs' : 'module',
    parserOptions: { ecmaFeatures: { jsx: true } },
  };
}

function configFor(target: LintTarget): Linter.Config[] {
  const all = plugin.configs.strict;
  const ownRule = target.ruleName && { [`${RULE_PREFIX}/${target.ruleName}`]: ['error', ...target.options] };
  const defaults = defaultLanguageOptions(target.filename);
  const languageOptions = target.languageOptions
    ? { ...defaults, ...target.languageOptions, parserOptions: { ...defaults.parserOptions, ...target.languageOptions.parserOptions } }
    : defaults;
  return [
    {
      ...all,
      // Flat config only lints files that some `files` pattern names explicitly.
      files: [`**/*${path.extname(target.filename)}`],
      languageOptions,
      rules: { ...all.rules, ...ownRule } as Linter.RulesRecord,
    },
  ];
}

/**
 * One Linter for the whole run (it keeps no state between texts), and a cache: the same text is
 * reached more than once (two suggestions that make the same edit, a doc example that is also a
 * test case…).
 */
export class OracleLinter {
  private readonly linter = new Linter();
  private readonly cache = new Map<string, LintOutcome>();
  private readonly configs = new Map<string, Linter.Config[]>();

  lint(text: string, target: LintTarget): LintOutcome {
    const targetKey = JSON.stringify([target.filename, target.ruleName, target.options, target.languageOptions ?? null]);
    const key = `${targetKey}\0${text}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const outcome = this.lintUncached(text, target, targetKey);
    this.cache.set(key, outcome.ok ? { ...outcome, program: undefined } : outcome);
    return outcome;
  }

  private lintUncached(text: string, target: LintTarget, targetKey: string): LintOutcome {
    let config = this.configs.get(targetKey);
    if (!config) this.configs.set(targetKey, (config = configFor(target)));
    try {
      const messages = this.linter.verify(text, config, { filename: target.filename });
      // Both parsers give ESTree with ranges; reusing the AST saves parsing every output twice.
      const program = parseErrorOf(messages) ? undefined : (this.linter.getSourceCode().ast as unknown as TSESTree.Program);
      return { ok: true, messages, program };
    } catch (error) {
      // A rule that throws makes verify() throw: that is a finding about the rule too.
      return { ok: false, failure: { kind: 'lint-crash', detail: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
    }
  }
}

export function parseErrorOf(messages: readonly Linter.LintMessage[]): Linter.LintMessage | undefined {
  return messages.find((message) => message.fatal);
}

/** The messages of rules, which the multiset comparison counts. */
export function findingsOf(messages: readonly Linter.LintMessage[]): Linter.LintMessage[] {
  return messages.filter((message) => message.ruleId !== null && !message.fatal);
}

export function findingKey(message: Linter.LintMessage): string {
  return `${message.ruleId}/${message.messageId ?? message.message}`;
}

// ---------------------------------------------------------------------------------------------
// Multisets.

function countKeys(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Each key and how many more times `after` has it than `allowed` (only keys with more). */
function excessOf(after: readonly string[], allowed: ReadonlyMap<string, number>): Map<string, number> {
  const excess = new Map<string, number>();
  for (const [key, count] of countKeys(after)) {
    const extra = count - (allowed.get(key) ?? 0);
    if (extra > 0) excess.set(key, extra);
  }
  return excess;
}

// ---------------------------------------------------------------------------------------------
// Checking one suggestion.

export interface AppliedSuggestion {
  readonly ruleId: string;
  readonly messageId: string;
  readonly description: string;
  readonly input: string;
  readonly output: string;
}

export interface SuggestionVerdict {
  readonly suggestion: AppliedSuggestion;
  /** The output parsed, so a type-check of it means something. */
  readonly outputParses: boolean;
  readonly failures: readonly CheckFailure[];
}

function applyFix(text: string, fix: { range: [number, number]; text: string }): string {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

function describeParseError(message: Linter.LintMessage): string {
  return `${message.line}:${message.column} ${message.message}`;
}

function findingFailures(before: readonly Linter.LintMessage[], own: Linter.LintMessage, after: readonly Linter.LintMessage[]): CheckFailure[] {
  const ownKey = findingKey(own);
  const allowed = countKeys(findingsOf(before).map(findingKey));
  allowed.set(ownKey, allowed.get(ownKey)! - 1);
  const failures: CheckFailure[] = [];
  for (const [key, extra] of excessOf(findingsOf(after).map(findingKey), allowed)) {
    const examples = findingsOf(after)
      .filter((message) => findingKey(message) === key)
      .map((message) => `${message.line}:${message.column} ${message.message}`);
    failures.push({
      kind: key === ownKey ? 'keeps-own-finding' : 'adds-finding',
      detail: `${key} ×${extra} more than allowed: ${examples.join(' | ')}`,
    });
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------

/**
 * Every suggestion of every message of `input`, each applied alone and checked: it parses, it
 * removes its own finding and adds none, it moves no code it did not touch, it keeps the
 * formatting.
 */
export function checkSuggestions(
  linter: OracleLinter,
  input: string,
  target: LintTarget,
  inputLint: { readonly messages: readonly Linter.LintMessage[]; readonly program: TSESTree.Program | undefined },
): SuggestionVerdict[] {
  const before = inputLint.messages;
  const verdicts: SuggestionVerdict[] = [];
  // Indexed on the first suggestion that parses, once for all of them.
  let inputStatements: StatementIndex | undefined | null = null;
  for (const message of findingsOf(before)) {
    for (const suggestion of message.suggestions ?? []) {
      const applied: AppliedSuggestion = {
        ruleId: message.ruleId!,
        messageId: message.messageId ?? message.message,
        description: suggestion.desc,
        input,
        output: applyFix(input, suggestion.fix),
      };
      const { verdict, outputProgram } = verdictOf(linter, applied, target, before, message);
      if (!verdict.outputParses) {
        verdicts.push(verdict);
        continue;
      }
      if (inputStatements === null) {
        const inputProgram = inputLint.program ?? parseProgram(input, target.filename);
        inputStatements = inputProgram && indexStatements(inputProgram);
      }
      const moreFailures = [
        ...structureFailures(inputStatements, applied, suggestion.fix, outputProgram ?? parseProgram(applied.output, target.filename)),
        ...lineEndingFailures(input, applied.output),
        ...indentationFailures(input, applied.output),
      ];
      verdicts.push({ ...verdict, failures: [...verdict.failures, ...moreFailures] });
    }
  }
  return verdicts;
}

/** Skipped when typescript-estree cannot parse what ESLint's own parser did. */
function structureFailures(
  inputStatements: StatementIndex | undefined,
  suggestion: AppliedSuggestion,
  fix: { range: [number, number]; text: string },
  outputProgram: TSESTree.Program | undefined,
): CheckFailure[] {
  if (!inputStatements || !outputProgram) return [];
  return structureChanges(suggestion.input, inputStatements, fix, suggestion.output, outputProgram).map((detail) => ({
    kind: 'changes-structure',
    detail,
  }));
}

function verdictOf(
  linter: OracleLinter,
  suggestion: AppliedSuggestion,
  target: LintTarget,
  before: readonly Linter.LintMessage[],
  own: Linter.LintMessage,
): { verdict: SuggestionVerdict; outputProgram?: TSESTree.Program | undefined } {
  const outcome = linter.lint(suggestion.output, target);
  if (!outcome.ok) return { verdict: { suggestion, outputParses: false, failures: [outcome.failure] } };
  const parseError = parseErrorOf(outcome.messages);
  if (parseError) {
    return { verdict: { suggestion, outputParses: false, failures: [{ kind: 'does-not-parse', detail: describeParseError(parseError) }] } };
  }
  return { verdict: { suggestion, outputParses: true, failures: findingFailures(before, own, outcome.messages) }, outputProgram: outcome.program };
}

// ---------------------------------------------------------------------------------------------
// Type-checking inputs against outputs, in one program.

export interface TypeCheckPair {
  /** The source's filename: its extension, and its folder when it is a real one (examples). */
  readonly filename: string;
  readonly input: string;
  readonly output: string;
}

const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  // Every snippet is its own module: scripts would share one global scope and clash.
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  skipLibCheck: true,
  esModuleInterop: true,
  jsx: ts.JsxEmit.Preserve,
};

/** Snippets live beside their original (so `../shared/…` resolves) or in tests/.tmp/oracle. */
function virtualDirectoryOf(filename: string): string {
  const directory = path.dirname(filename);
  return directory === '.' ? path.join(projectRoot, 'tests/.tmp/oracle') : path.resolve(projectRoot, directory);
}

/** In-memory files under virtual paths; one path per distinct (folder, extension, text). */
class VirtualFiles {
  readonly texts = new Map<string, string>();
  private readonly pathByContent = new Map<string, string>();

  add(filename: string, text: string): string {
    const directory = virtualDirectoryOf(filename);
    const extension = path.extname(filename);
    const contentKey = `${directory}\0${extension}\0${text}`;
    let virtualPath = this.pathByContent.get(contentKey);
    if (!virtualPath) {
      virtualPath = path.join(directory, `__oracle_${this.texts.size}${extension}`);
      this.pathByContent.set(contentKey, virtualPath);
      this.texts.set(virtualPath, text);
    }
    return virtualPath;
  }
}

function hostWith(files: VirtualFiles): ts.CompilerHost {
  const host = ts.createCompilerHost(compilerOptions, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = files.texts.get(fileName);
    return text === undefined ? getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate) : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  host.fileExists = (fileName) => files.texts.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => files.texts.get(fileName) ?? readFile.call(host, fileName);
  host.getCurrentDirectory = () => projectRoot;
  return host;
}

/** Positions differ between input and output, so a diagnostic is its code and its text. */
function diagnosticKeys(program: ts.Program, fileName: string): string[] {
  const sourceFile = program.getSourceFile(fileName)!;
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map(
    (diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
  );
}

export interface AddedDiagnostic {
  /** `TS<code>: <message>`. */
  readonly key: string;
  readonly code: number;
  /** How often the output has it (the input never does). */
  readonly count: number;
}

/**
 * TS1xxx are syntax and grammar errors. typescript-estree lets some through that JavaScript
 * rejects (`if (c) const x = 1;` is TS1156), so they mean "does not parse".
 */
export function isGrammarError(diagnostic: AddedDiagnostic): boolean {
  return diagnostic.code >= 1000 && diagnostic.code < 2000;
}

export function describeAddedDiagnostic(diagnostic: AddedDiagnostic): string {
  return `${diagnostic.key} (new, ${diagnostic.count}×)`;
}

/**
 * For each pair, the diagnostics its output has and its input does not (empty: no failure).
 * Snippets often do not type-check to begin with (undeclared `bus`, an untyped `this.peers`); a
 * fix that repeats an expression carrying such an error repeats the error, which is not one the
 * fix added. A diagnostic (code and text) that the input does not have at all is.
 */
export function addedTypeErrors(pairs: readonly TypeCheckPair[]): AddedDiagnostic[][] {
  const files = new VirtualFiles();
  const pathsOfPairs = pairs.map((pair) => ({ input: files.add(pair.filename, pair.input), output: files.add(pair.filename, pair.output) }));
  const program = ts.createProgram([...files.texts.keys()], compilerOptions, hostWith(files));
  const keysByPath = new Map<string, string[]>();
  const keysOf = (fileName: string): string[] => {
    let keys = keysByPath.get(fileName);
    if (!keys) keysByPath.set(fileName, (keys = diagnosticKeys(program, fileName)));
    return keys;
  };
  return pathsOfPairs.map(({ input, output }) => {
    const inputCounts = countKeys(keysOf(input));
    const excess = excessOf(keysOf(output), inputCounts);
    return [...excess]
      .filter(([key]) => !inputCounts.has(key))
      .map(([key, count]) => ({ key, code: Number(/^TS(\d+)/.exec(key)![1]), count }));
  });
}
