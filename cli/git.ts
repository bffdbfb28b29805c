/** What git says about the work trees a fix would write into. */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';

/**
 * The uncommitted changes (staged, unstaged and untracked files, `git status` lines) of every git
 * work tree that holds one of `paths`; paths outside any work tree have none. A codemod run on a
 * clean tree leaves a diff that is only the codemod's, which is what a reviewer wants to read.
 */
export function uncommittedChanges(paths: readonly string[]): string[] {
  const trees = new Set<string>();
  for (const target of paths) {
    const tree = workTreeOf(target);
    if (tree) trees.add(tree);
  }
  return [...trees].flatMap((tree) => {
    const status = execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=normal'], {
      cwd: tree,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    const lines = status.split('\n').filter((line) => line.trim() !== '');
    return trees.size > 1 ? lines.map((line) => `${line} (in ${tree})`) : lines;
  });
}

/** The top folder of the git work tree that holds `target` (a file or a folder), if any. */
function workTreeOf(target: string): string | undefined {
  let folder: string;
  try {
    folder = statSync(target).isDirectory() ? target : path.dirname(target);
  } catch {
    return undefined; // a path that does not exist is reported when the files are listed
  }
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
