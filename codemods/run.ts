/**
 * Runs codemods on one file's text: the facts are built (after the evidence test: a file without
 * WebSocket code is returned untouched without being parsed), the codemods' rules checked, their
 * plans applied through the fix engine's convergence loop, and the result re-parsed and re-checked
 * there. The text keeps its byte-order mark, line endings and final newline; a file that does not
 * parse is reported, never touched.
 */
import { CHECKS, runChecks } from '../checks/index.js';
import type { Finding } from '../checks/finding.js';
import { hasWebSocketEvidence } from '../facts/index.js';
import { factsOfText } from '../facts/parse.js';
import { converge, findingsBeyond } from '../fixes/converge.js';
import type { Plan } from '../fixes/plan.js';
import type { ProjectKnowledge } from '../facts/types.js';
import type { Codemod, CodemodOptions } from './codemod.js';

export interface TransformResult {
  /** The new text (the input itself when nothing changed). */
  readonly output: string;
  readonly changed: boolean;
  readonly applied: readonly Plan[];
  /** What the codemods' rules still report afterwards (no codemod fixes it here). */
  readonly unresolved: readonly Finding[];
  /** Why the file was left alone: it does not parse, or a pass produced text that does not. */
  readonly error: string | undefined;
  /** False when the evidence test ruled the file out (it was not even parsed). */
  readonly checked: boolean;
}

const BOM = '\uFEFF';

/** What a run gives every file besides its text. */
export interface TransformSettings {
  readonly options?: CodemodOptions;
  /** The folder the run's files have in common (where a queue module goes). */
  readonly root?: string;
  /** What the rest of the project says about the file's imports (--project). */
  readonly project?: ProjectKnowledge;
}

export function transformSource(source: string, filename: string, codemods: readonly Codemod[], settings: TransformSettings = {}): TransformResult {
  const { options = {}, root, project } = settings;
  const unchanged = (error?: string): TransformResult => ({ output: source, changed: false, applied: [], unresolved: [], error, checked: true });
  const importsServers = (project?.importedServers.length ?? 0) > 0;
  if (!importsServers && !hasWebSocketEvidence(source)) return { ...unchanged(), checked: false };
  const bom = source.startsWith(BOM) ? BOM : '';
  const text = source.slice(bom.length);
  const rules = [...new Set(codemods.flatMap((codemod) => codemod.rules))];
  // A migration the user chose, applied with reviewable diffs: it fixes the strict config's
  // findings too (capped backoff without jitter, async work once per message…).
  const strict = Object.fromEntries(Object.keys(CHECKS).map((rule) => [rule, { strict: true }]));
  const chosen = Object.assign({}, ...codemods.map((codemod) => codemod.checkOptions?.(options) ?? {})) as Record<string, object>;
  const checkOptions = Object.fromEntries(Object.keys(strict).map((rule) => [rule, { ...strict[rule], ...chosen[rule] }])) as Record<string, object>;
  let facts;
  try {
    facts = factsOfText(text, filename, project);
  } catch (error) {
    return unchanged(`${filename}: does not parse: ${messageOf(error)}`);
  }
  const result = converge({
    text,
    facts,
    factsOf: (next) => factsOfText(next, filename, project),
    findingsOf: (facts) => runChecks(facts, rules, checkOptions),
    plansOf: (facts, findings) =>
      codemods.flatMap((codemod) => codemod.plans(facts, findings.filter((finding) => codemod.rules.includes(finding.rule)), { options, filename, root })),
    // Everything the codemods' rules still report is left for a reviewer, fixable or not.
    targets: () => true,
  });
  if (result.error) return unchanged(`${filename}: ${result.error}`);
  if (result.text === text) return { ...unchanged(), unresolved: result.unresolved };
  // The output is checked with every rule: a fix that adds a finding of any rule is not written.
  const added = findingsBeyond(runChecks(result.facts, undefined, checkOptions), runChecks(facts, undefined, checkOptions));
  if (added.length > 0) {
    const list = added.map((finding) => `${finding.rule} at line ${finding.node.loc.start.line}`).join(', ');
    return unchanged(`${filename}: the fixes would add findings (${list}); the file is left as it was`);
  }
  const output = bom + result.text;
  return { output, changed: output !== source, applied: result.applied, unresolved: result.unresolved, error: undefined, checked: true };
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'lineNumber' in error && 'column' in error && 'message' in error) {
    return `${String(error.lineNumber)}:${String(error.column)} ${String(error.message)}`;
  }
  return error instanceof Error ? error.message : String(error);
}
