/**
 * What a codemod is: the rules whose findings it fixes, and how it plans their fixes. Most
 * codemods apply the plan of one kind that the rule's check already offers; some (abort-on-close,
 * bounded-message-queue) build their own plans, one per handler, from the findings of a pass.
 */
import type { Finding } from '../checks/finding.js';
import type { SocketModel } from '../facts/index.js';
import type { Plan } from '../fixes/plan.js';

/** Options the user gives codemods (the CLI's `--option key=value`, jscodeshift's own flags). */
export type CodemodOptions = Readonly<Record<string, string | number | boolean | undefined>>;

/** What a codemod knows of the file besides its facts. */
export interface CodemodContext {
  readonly options: CodemodOptions;
  /** The file's path (absolute, as the CLI and jscodeshift give it). */
  readonly filename: string;
  /** The folder the run's files have in common (the CLI knows it; a jscodeshift transform does not). */
  readonly root: string | undefined;
}

export interface Codemod {
  /** `add-error-listener`: also the folder name and the CLI's `--codemod` value. */
  readonly name: string;
  /** One line, for `websocket-doctor list` and the README. */
  readonly description: string;
  /** The rules whose findings it fixes. */
  readonly rules: readonly string[];
  /** The options it reads, with their defaults, for `list` and the README. */
  readonly options?: Readonly<Record<string, CodemodOptionSpec>>;
  /** The options of its rules' checks that its own options set (what the plans write follows them). */
  checkOptions?(options: CodemodOptions): Readonly<Record<string, object>>;
  /** The plans for one pass over a file's findings (only the findings of its rules). */
  plans(facts: SocketModel, findings: readonly Finding[], context: CodemodContext): Plan[];
  /**
   * New files the changed ones need (the queue module they import), asked once the run is over.
   * The CLI creates them when they do not exist yet; a jscodeshift run cannot.
   */
  companionFiles?(changed: readonly ChangedFile[], options: CodemodOptions, root: string | undefined): CompanionFile[];
}

export interface CodemodOptionSpec {
  readonly description: string;
  readonly default: string | number | boolean;
  /** A path: the CLI resolves it against the working folder. */
  readonly path?: true;
  /** The values it takes, when they are few. */
  readonly choices?: readonly string[];
}

export interface ChangedFile {
  readonly file: string;
  readonly output: string;
}

export interface CompanionFile {
  readonly file: string;
  readonly text: string;
}

/** A codemod that applies, for each finding of its rules, the checks' own plan of one of some kinds. */
export function planKindCodemod(
  name: string,
  description: string,
  rules: readonly string[],
  kinds: readonly string[],
  settings: Pick<Codemod, 'options' | 'checkOptions'> = {},
): Codemod {
  const planOf = (finding: Finding) => finding.plans.find((plan) => kinds.includes(plan.kind));
  return {
    name,
    description,
    rules,
    ...settings,
    plans: (_facts, findings) => findings.flatMap((finding) => planOf(finding) ?? []),
  };
}
