/**
 * `websocket-doctor scan`: the plugin's rules over a code base with no ESLint configuration of its
 * own: ESLint runs with this plugin's preset (or chosen rules) and a parser for every file
 * (cli/parser.ts). Inline `eslint-disable` comments are honoured as ESLint honours them.
 */
import path from 'node:path';

import type { ESLint as ESLintClass, Linter } from 'eslint';

import plugin from '../index.js';
import { SOURCE_EXTENSIONS, UsageError } from './files.js';
import * as parser from './parser.js';
import { sarifLog } from './sarif.js';

export type Preset = 'recommended' | 'strict';
export type Format = 'stylish' | 'json' | 'sarif';

export interface ScanOptions {
  readonly preset: Preset;
  /** Only these rules (names without the `websocket/` prefix). */
  readonly rules: readonly string[] | undefined;
  readonly format: Format;
}

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  readonly rule: string;
  readonly message: string;
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  /** Files ESLint could not parse, with the parser's message. */
  readonly unparsable: readonly { readonly file: string; readonly message: string }[];
  readonly files: number;
}

const PREFIX = 'websocket/';

/** The rules to run: a preset's, or the named ones (which must exist). */
export function selectedRules(options: Pick<ScanOptions, 'preset' | 'rules'>): string[] {
  const all = Object.keys(plugin.rules);
  if (options.rules) {
    for (const rule of options.rules) if (!all.includes(rule)) throw new UsageError(`unknown rule: ${rule} (websocket-doctor list shows them)`);
    return [...options.rules];
  }
  return Object.keys(plugin.configs[options.preset].rules ?? {}).map((id) => id.slice(PREFIX.length));
}

export async function scan(files: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const { ESLint } = await loadESLint();
  const rules = selectedRules(options);
  // ESLint only lints files that a `files` pattern names by extension.
  const sources = [`**/*.{${SOURCE_EXTENSIONS.join(',')}}`];
  const config: Linter.Config[] = [
    { files: sources, languageOptions: { parser } },
    { linterOptions: { reportUnusedDisableDirectives: 'off' } },
    // A preset's own entries carry its rule options (`strict` turns on strict-only findings).
    { files: sources, plugins: { websocket: plugin }, rules: options.rules ? Object.fromEntries(rules.map((rule) => [`${PREFIX}${rule}`, 'error'])) : plugin.configs[options.preset].rules },
  ];
  const eslint = new ESLint({ cwd: commonFolder(files), overrideConfigFile: true, overrideConfig: config, ignore: false });
  const results = files.length > 0 ? await eslint.lintFiles([...files]) : [];
  const findings: Finding[] = [];
  const unparsable: { file: string; message: string }[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) unparsable.push({ file: result.filePath, message: `${message.line}:${message.column} ${message.message}` });
      else if (message.ruleId?.startsWith(PREFIX)) {
        findings.push({
          file: result.filePath,
          line: message.line,
          column: message.column,
          endLine: message.endLine,
          endColumn: message.endColumn,
          rule: message.ruleId.slice(PREFIX.length),
          message: message.message,
        });
      }
    }
  }
  return { findings, unparsable, files: files.length };
}

/** The report in the chosen format. `cwd` makes paths relative for people and for SARIF. */
export function formatScan(result: ScanResult, format: Format, cwd: string, rules: readonly string[]): string {
  if (format === 'json') return `${JSON.stringify({ files: result.files, findings: result.findings, unparsable: result.unparsable }, null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(sarifLog(result, cwd, rules), null, 2)}\n`;
  return stylish(result, cwd);
}

function stylish(result: ScanResult, cwd: string): string {
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  for (const [file, findings] of byFile) {
    lines.push(path.relative(cwd, file) || file);
    for (const finding of findings) lines.push(`  ${`${finding.line}:${finding.column}`.padEnd(8)} ${finding.rule.padEnd(30)} ${finding.message}`);
    lines.push('');
  }
  for (const { file, message } of result.unparsable) lines.push(`${path.relative(cwd, file) || file}: does not parse: ${message}`);
  if (result.unparsable.length > 0) lines.push('');
  const byRule = new Map<string, { findings: number; files: Set<string> }>();
  for (const finding of result.findings) {
    const entry = byRule.get(finding.rule) ?? { findings: 0, files: new Set<string>() };
    entry.findings++;
    entry.files.add(finding.file);
    byRule.set(finding.rule, entry);
  }
  if (byRule.size > 0) {
    const width = Math.max(4, ...[...byRule.keys()].map((rule) => rule.length));
    lines.push(`${'rule'.padEnd(width)}  findings  files`);
    for (const [rule, entry] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`${rule.padEnd(width)}  ${String(entry.findings).padStart(8)}  ${String(entry.files.size).padStart(5)}`);
    }
    lines.push('');
  }
  const files = new Set(result.findings.map((finding) => finding.file)).size;
  lines.push(
    result.findings.length === 0
      ? `No WebSocket problems found in ${result.files} file${result.files === 1 ? '' : 's'}.`
      : `${result.findings.length} problem${result.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${result.files} looked at).`,
  );
  return `${lines.join('\n')}\n`;
}

/** The deepest folder that contains every file (ESLint only lints files under its base path). */
function commonFolder(files: readonly string[]): string {
  if (files.length === 0) return process.cwd();
  let common = path.dirname(files[0]!);
  for (const file of files) {
    while (!(file.startsWith(common + path.sep) || path.dirname(file) === common)) {
      const parent = path.dirname(common);
      if (parent === common) return common;
      common = parent;
    }
  }
  return common;
}

async function loadESLint(): Promise<{ ESLint: typeof ESLintClass }> {
  try {
    return (await import('eslint')) as unknown as { ESLint: typeof ESLintClass };
  } catch {
    throw new UsageError('websocket-doctor scan needs ESLint 9 or 10 next to it: npm install --save-dev eslint');
  }
}
