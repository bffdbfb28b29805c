#!/usr/bin/env node
/**
 * websocket-doctor: the plugin's rules and codemods from the command line, with no configuration.
 *
 *   websocket-doctor scan [paths…]   report WebSocket problems (exit 1 when there are any)
 *   websocket-doctor fix [paths…]    apply codemods (a dry run with a diff unless --write)
 *   websocket-doctor list            the rules and the codemods
 *
 * Exit codes: 0 done (scan: nothing found); 1 scan found problems, or fix could not transform
 * some files; 2 the command was wrong, or --write was refused on a git tree with uncommitted
 * changes; 130 interrupted (Ctrl-C).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import plugin from '../index.js';
import { CODEMODS, codemodNamed } from '../codemods/registry.js';
import type { CodemodOptions } from '../codemods/codemod.js';
import { sourceFiles, UsageError } from './files.js';
import { fix, type FixSummary } from './fix.js';
import { uncommittedChanges } from './git.js';
import { readProject } from './project.js';
import { formatScan, scan, selectedRules, type Format, type Preset } from './scan.js';

const HELP = `websocket-doctor: find and fix the WebSocket code that leaks connections, timers and memory,
or crashes the server.

Usage:
  websocket-doctor scan [paths…] [--preset recommended|strict] [--rule <name>[,…]]
                        [--format stylish|json|sarif] [--output <file>]
  websocket-doctor fix [paths…] (--codemod <name>[,…] | --all) [--write] [--force]
                        [--option <name>=<value>]… [--jobs <n>] [--project tsconfig.json]
  websocket-doctor list

scan   Reports problems with the recommended rules (no ESLint configuration needed); exit 1 when
       there are any.
fix    Applies codemods. Without --write it only prints the diff it would apply. --write refuses
       to write in a git tree with uncommitted changes unless --force. Paths default to the
       current folder; files git ignores and node_modules are skipped. --project reads a
       TypeScript project (ts-morph must be installed): its files, and the servers its modules
       import from each other.
list   The rules and the codemods, with one line each.

Exit codes: 0 done, 1 problems found (scan) or files that could not be transformed (fix),
2 wrong usage or a refused --write, 130 interrupted.
`;

export async function main(argv: readonly string[], io = defaultIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await scanCommand(rest, io);
      case 'fix':
        return await fixCommand(rest, io);
      case 'list':
        return listCommand(io);
      case '--version':
      case '-v':
        io.stdout(`${plugin.meta.version}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command: ${command} (websocket-doctor --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`websocket-doctor: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function scanCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      preset: { type: 'string', default: 'recommended' },
      rule: { type: 'string', multiple: true },
      format: { type: 'string', default: 'stylish' },
      output: { type: 'string' },
    },
  });
  const preset = oneOf(values.preset, ['recommended', 'strict'] as const, '--preset');
  const format = oneOf(values.format, ['stylish', 'json', 'sarif'] as const, '--format');
  const rules = values.rule?.flatMap((value) => value.split(',')).filter(Boolean);
  const options = { preset: preset as Preset, rules, format: format as Format };
  const selected = selectedRules(options);
  const files = sourceFiles(positionals, io.cwd);
  const result = await scan(files, options);
  const report = formatScan(result, options.format, io.cwd, selected);
  if (values.output) writeFileSync(values.output, report);
  else io.stdout(report);
  return result.findings.length > 0 ? 1 : 0;
}

async function fixCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      codemod: { type: 'string', multiple: true },
      all: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      option: { type: 'string', multiple: true },
      jobs: { type: 'string' },
      project: { type: 'string' },
    },
  });
  const names = values.all ? CODEMODS.map((codemod) => codemod.name) : (values.codemod ?? []).flatMap((value) => value.split(',')).filter(Boolean);
  if (names.length === 0) throw new UsageError('say which codemods to run: --codemod <name>[,…] or --all (websocket-doctor list)');
  for (const name of names) if (!codemodNamed(name)) throw new UsageError(`unknown codemod: ${name} (websocket-doctor list)`);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError('--jobs takes a whole number of at least 1');
  if (values.write && !values.force) {
    // The trees written into: those of the paths given (or of the project), not the current one.
    const targets = positionals.length > 0 ? positionals : [values.project === undefined ? '.' : path.dirname(values.project)];
    const changes = uncommittedChanges(targets.map((target) => path.resolve(io.cwd, target)));
    if (changes.length > 0) {
      throw new UsageError(
        `the git tree has uncommitted changes; commit or stash them first (so that the diff is the codemods' alone), or pass --force:\n  ${changes.slice(0, 10).join('\n  ')}${changes.length > 10 ? `\n  … and ${changes.length - 10} more` : ''}`,
      );
    }
  }
  const options = codemodOptions(values.option ?? [], names, io.cwd);
  // --project: what the project's modules say about each other; without paths, its files.
  const project = values.project === undefined ? undefined : await readProject(path.resolve(io.cwd, values.project));
  const files = project && positionals.length === 0 ? [...project.files] : sourceFiles(positionals, io.cwd);
  const run = { codemods: names, options, root: commonFolder(files, io.cwd), ...(project ? { project: project.knowledge } : {}) };
  const summary = await fix(files, {
    run,
    write: values.write,
    jobs,
    cwd: io.cwd,
    stdout: io.stdout,
    stderr: io.stderr,
    progress: io.isTTY,
  });
  io.stderr(report(summary, values.write, io.cwd));
  if (summary.interrupted) return 130;
  return summary.counts.failed > 0 ? 1 : 0;
}

function listCommand(io: Io): number {
  const lines = ['Rules (scan, and ESLint):'];
  const rules = plugin.rules as Record<string, { meta?: { docs?: { description?: string; recommended?: string } } }>;
  const width = Math.max(...Object.keys(rules).map((name) => name.length), ...CODEMODS.map((codemod) => codemod.name.length));
  for (const [name, rule] of Object.entries(rules)) {
    const preset = rule.meta?.docs?.recommended ? ` [${rule.meta.docs.recommended}]` : '';
    lines.push(`  ${name.padEnd(width)}  ${rule.meta?.docs?.description ?? ''}${preset}`);
  }
  lines.push('', 'Codemods (fix --codemod <name>):');
  for (const codemod of CODEMODS) {
    lines.push(`  ${codemod.name.padEnd(width)}  ${codemod.description}`);
    for (const [option, { description, default: fallback }] of Object.entries(codemod.options ?? {})) {
      lines.push(`  ${''.padEnd(width)}    --option ${option}=… ${description} (default ${String(fallback)})`);
    }
  }
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

/** The final table of a fix run, failures and findings left for review. */
function report(summary: FixSummary, wrote: boolean, cwd: string): string {
  const relative = (file: string) => (file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file);
  const lines: string[] = [];
  for (const outcome of summary.outcomes) if (outcome.error) lines.push(`failed: ${outcome.error.replace(`${outcome.file}: `, `${relative(outcome.file)}: `)}`);
  const left = summary.outcomes.flatMap((outcome) => outcome.unresolved.map((finding) => `  ${relative(outcome.file)}:${finding.line}:${finding.column}  ${finding.rule}`));
  if (left.length > 0) lines.push(`Left for review (no codemod fixes these here):`, ...left);
  for (const file of summary.created) lines.push(`${wrote ? 'created' : 'would create'}: ${relative(file)} (the changed files import it)`);
  const { changed, unchanged, skipped, failed } = summary.counts;
  lines.push(
    '',
    `${wrote ? 'written  ' : 'would change'} ${String(changed).padStart(6)}`,
    `${'unchanged'.padEnd(wrote ? 9 : 12)} ${String(unchanged).padStart(6)}`,
    `${'skipped'.padEnd(wrote ? 9 : 12)} ${String(skipped).padStart(6)}  (no WebSocket code)`,
    `${'failed'.padEnd(wrote ? 9 : 12)} ${String(failed).padStart(6)}`,
    `${'time'.padEnd(wrote ? 9 : 12)} ${summary.seconds.toFixed(1).padStart(6)} s${summary.interrupted ? '  (interrupted: the files above are all that was done)' : ''}`,
  );
  if (!wrote && changed > 0) lines.push('', 'This was a dry run: the diff is on stdout. Run again with --write to apply it.');
  return `${lines.join('\n')}\n`;
}

/**
 * The `--option name=value` pairs, checked against the options of the codemods that run; a path
 * is made absolute here, against the working folder.
 */
function codemodOptions(pairs: readonly string[], names: readonly string[], cwd: string): CodemodOptions {
  const specs = new Map(names.flatMap((name) => Object.entries(codemodNamed(name)!.options ?? {})));
  const known = new Set(specs.keys());
  const options: Record<string, string | number | boolean> = {};
  for (const pair of pairs) {
    const match = /^([\w-]+)=(.*)$/.exec(pair);
    if (!match) throw new UsageError(`--option takes name=value, not ${pair}`);
    const [, name, value] = match as unknown as [string, string, string];
    if (!known.has(name)) throw new UsageError(`unknown option ${name}: ${known.size > 0 ? `the codemods that run take ${[...known].join(', ')}` : 'the codemods that run take none'}`);
    const spec = specs.get(name)!;
    if (spec.choices && !spec.choices.includes(value)) throw new UsageError(`--option ${name} takes ${spec.choices.join(' or ')}, not ${value}`);
    if (typeof spec.default === 'number' && !/^[1-9]\d*$/.test(value)) throw new UsageError(`--option ${name} takes a whole number of at least 1, not ${value}`);
    if (spec.path) options[name] = path.resolve(cwd, value);
    else options[name] = value === 'true' ? true : value === 'false' ? false : /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return options;
}

/** The deepest folder that holds every file of the run. */
function commonFolder(files: readonly string[], cwd: string): string {
  if (files.length === 0) return cwd;
  let common = path.dirname(files[0]!);
  for (const file of files) while (!`${path.dirname(file)}${path.sep}`.startsWith(`${common}${path.sep}`) && common !== path.dirname(common)) common = path.dirname(common);
  return common;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T {
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} takes one of ${allowed.join(', ')}`);
  return value as T;
}

interface Io {
  readonly cwd: string;
  readonly isTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

function defaultIo(): Io {
  return {
    cwd: process.cwd(),
    isTTY: process.stderr.isTTY === true,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

// Run when executed (the package's bin), not when imported by tests.
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL((await import('node:fs')).realpathSync(process.argv[1])).href) {
  // `websocket-doctor fix | head`: the reader went away; what it did not read is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = await main(process.argv.slice(2));
}
