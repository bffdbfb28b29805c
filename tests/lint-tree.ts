/**
 * Shared by the tests that lint a copy of examples/ with the ESLint and oxlint command lines: the
 * copy sits under tests/.tmp, inside this package, so `eslint-plugin-websocket` resolves to the
 * build the way it does in a user's project (a package importing itself by name).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const root = path.resolve(import.meta.dirname, '..');

/** A fresh folder under tests/.tmp holding `copies` copies of examples/ and the given files. */
export function exampleTree(name: string, copies: number, files: Readonly<Record<string, string>>): string {
  const dir = path.join(root, 'tests/.tmp', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < copies; i++) cpSync(path.join(root, 'examples'), path.join(dir, `examples-${i}`), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** The JavaScript and TypeScript sources of a tree (declaration files aside). */
export function sourceFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => /\.(?:js|ts)$/.test(file) && !file.endsWith('.d.ts') && !/^(?:eslint|oxlint)\.config\./.test(path.basename(file)))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runNode(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

export const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly message: string;
}

export function byPosition(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message);
}

/** ESLint's JSON output as findings; fails on parse or configuration errors. */
export function eslintFindings(dir: string, stdout: string): Finding[] {
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string }[] }[];
  return results
    .flatMap((result) =>
      result.messages.map((m) => {
        if (m.ruleId === null) throw new Error(`${result.filePath}: ${m.message}`);
        return { file: path.relative(dir, result.filePath).split(path.sep).join('/'), line: m.line, column: m.column, ruleId: m.ruleId, message: m.message };
      }),
    )
    .sort(byPosition);
}
