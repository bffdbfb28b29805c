/**
 * Which files a command looks at: the JavaScript and TypeScript sources under the given paths,
 * as git sees them when the paths are in a git work tree (tracked and untracked files, without
 * what .gitignore excludes), otherwise every such file under them except in `node_modules` and
 * hidden folders. Declaration files are not code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const SOURCE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'] as const;

const SOURCE = new RegExp(`\\.(?:${SOURCE_EXTENSIONS.join('|')})$`);
const DECLARATION = /\.d\.[cm]?ts$/;

export function isSourceFile(file: string): boolean {
  return SOURCE.test(file) && !DECLARATION.test(file);
}

/** The source files under `paths` (files or folders), absolute, sorted, without duplicates. */
export function sourceFiles(paths: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const given of paths.length > 0 ? paths : ['.']) {
    const absolute = path.resolve(cwd, given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`no such file or folder: ${given}`);
    }
    if (stats.isFile()) {
      // A file named explicitly is looked at even when .gitignore excludes it.
      if (isSourceFile(absolute)) found.add(absolute);
      continue;
    }
    for (const file of gitFiles(absolute) ?? walk(absolute)) if (isSourceFile(file)) found.add(file);
  }
  return [...found].sort();
}

/** Files git knows under a folder (tracked, and untracked but not ignored); undefined outside a work tree. */
function gitFiles(folder: string): string[] | undefined {
  try {
    const output = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
      cwd: folder,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    return output
      .split('\0')
      .filter(Boolean)
      .map((file) => path.join(folder, file))
      // A file deleted from the work tree but still in the index is not there to read.
      .filter((file) => !file.split(path.sep).includes('node_modules') && existsSync(file));
  } catch {
    return undefined;
  }
}

function walk(folder: string): string[] {
  const files: string[] = [];
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  visit(folder);
  return files;
}

/** A mistake in how the command was called: exit code 2, a message, no stack. */
export class UsageError extends Error {}
