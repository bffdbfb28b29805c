/** What git says about the work tree a fix would write into. */
import { execFileSync } from 'node:child_process';

/**
 * The work tree's uncommitted changes (staged, unstaged and untracked files, `git status` lines),
 * or undefined when `cwd` is not in a git work tree. A codemod run on a clean tree leaves a diff
 * that is only the codemod's, which is what a reviewer wants to read.
 */
export function uncommittedChanges(cwd: string): string[] | undefined {
  try {
    execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd, stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const status = execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=normal'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 256 * 1024 * 1024,
  });
  return status.split('\n').filter((line) => line.trim() !== '');
}
