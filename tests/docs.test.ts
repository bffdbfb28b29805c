/**
 * Every rule has a doc page; every ❌ example in it is reported by that rule and every ✅ example
 * is not; every option of the rule's schema has its own section.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../index.js';

const docsDir = path.resolve(import.meta.dirname, '../docs/rules');

interface Example {
  readonly verdict: 'incorrect' | 'correct';
  readonly language: string;
  readonly code: string;
  readonly line: number;
}

/** Code fences under the nearest heading marked ❌ (incorrect) or ✅ (correct). */
function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split('\n');
  let verdict: Example['verdict'] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) verdict = line.includes('❌') ? 'incorrect' : line.includes('✅') ? 'correct' : undefined;
    const fence = /^```(\w+)\s*$/.exec(line);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    if (verdict && /^(?:js|jsx|ts|tsx|mjs|cjs)$/.test(fence[1]!)) {
      examples.push({ verdict, language: fence[1]!, code: body.join('\n'), line: start + 1 });
    }
  }
  return examples;
}

function lint(ruleName: string, example: Example): Linter.LintMessage[] {
  const linter = new Linter();
  const typescript = example.language.startsWith('ts');
  const filename = `example.${example.language}`;
  return linter.verify(
    example.code,
    [
      {
        files: [`**/*.${example.language}`],
        languageOptions: typescript ? { parser: tseslint.parser } : { sourceType: 'module' },
        plugins: { websocket: plugin },
        rules: { [`websocket/${ruleName}`]: 'error' },
      },
    ],
    { filename },
  );
}

const ruleNames = Object.keys(plugin.rules ?? {});

describe('rule docs', () => {
  it('has one doc page per rule and no page without a rule', () => {
    const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    expect(pages.sort()).toEqual([...ruleNames].sort());
  });

  for (const ruleName of ruleNames) {
    const markdown = readFileSync(path.join(docsDir, `${ruleName}.md`), 'utf8');
    const examples = examplesOf(markdown);

    describe(ruleName, () => {
      it('has both incorrect and correct examples', () => {
        expect(examples.some((e) => e.verdict === 'incorrect')).toBe(true);
        expect(examples.some((e) => e.verdict === 'correct')).toBe(true);
      });

      for (const example of examples) {
        it(`${example.verdict} example at line ${example.line} is ${example.verdict === 'incorrect' ? 'reported' : 'not reported'}`, () => {
          const messages = lint(ruleName, example);
          // No parse errors and no configuration problems (those have no ruleId).
          expect(messages.filter((m) => m.ruleId === null)).toEqual([]);
          const own = messages.filter((m) => m.ruleId === `websocket/${ruleName}`);
          if (example.verdict === 'incorrect') expect(own.length).toBeGreaterThan(0);
          else expect(own).toEqual([]);
        });
      }

      it('documents every option in its own section', () => {
        const schema = (plugin.rules![ruleName] as { meta: { schema: { properties?: Record<string, unknown> }[] } }).meta.schema;
        for (const option of Object.keys(schema[0]?.properties ?? {})) {
          expect(markdown).toContain(`### \`${option}\``);
        }
      });
    });
  }
});
