// The fixture pairs of every codemod (codemods/<name>/__fixtures__/<case>.input.<ext> and
// <case>.output.<ext>; `all` runs every codemod): the codemod turns the input into the output,
// the input has findings of the codemod's rules and the output none of any rule, a second run
// changes nothing, and the TypeScript outputs type-check together. An input without an output is
// a case the codemod must leave alone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { CHECKS, runChecks } from '../../checks/index.js';
import { CODEMODS, codemodNamed } from '../../codemods/registry.js';
import { transformSource } from '../../codemods/run.js';
import { factsOfText } from '../../facts/parse.js';
import { ROOT } from '../examples/harness.js';

interface Fixture {
  readonly codemod: string;
  readonly name: string;
  readonly input: string;
  readonly output: string | undefined;
}

const codemodsDir = path.join(ROOT, 'codemods');

function fixtures(): Fixture[] {
  const found: Fixture[] = [];
  for (const codemod of readdirSync(codemodsDir)) {
    const dir = path.join(codemodsDir, codemod, '__fixtures__');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((name) => name.includes('.input.'))) {
      const output = path.join(dir, file.replace('.input.', '.output.'));
      found.push({ codemod, name: file.replace('.input.', '.'), input: path.join(dir, file), output: existsSync(output) ? output : undefined });
    }
  }
  return found.sort((a, b) => (a.input < b.input ? -1 : 1));
}

const FIXTURES = fixtures();
const codemodsOf = (name: string) => (name === 'all' ? CODEMODS : [codemodNamed(name)!]);
// Codemods fix what the strict config reports (codemods/run.ts): findings are counted the same way.
const STRICT = Object.fromEntries(Object.keys(CHECKS).map((rule) => [rule, { strict: true }]));
const findings = (text: string, file: string, rules?: readonly string[]) => runChecks(factsOfText(text, file), rules, STRICT).map((finding) => `${finding.rule}:${finding.node.loc.start.line}`);

describe('codemod fixtures', () => {
  it('cover every codemod, in TypeScript and JavaScript', () => {
    const covered = new Set(FIXTURES.filter((fixture) => fixture.output).map((fixture) => fixture.codemod));
    expect([...covered].sort()).toEqual(['all', ...CODEMODS.map((codemod) => codemod.name)].sort());
    for (const codemod of covered) {
      const extensions = new Set(FIXTURES.filter((fixture) => fixture.codemod === codemod).map((fixture) => path.extname(fixture.input)));
      expect([...extensions].sort(), codemod).toEqual(['.js', '.ts']);
    }
  });

  describe.each(FIXTURES.map((fixture) => [`${fixture.codemod}/${fixture.name}`, fixture] as const))('%s', (_label, fixture) => {
    const input = readFileSync(fixture.input, 'utf8');
    const codemods = codemodsOf(fixture.codemod);
    const rules = [...new Set(codemods.flatMap((codemod) => codemod.rules))];
    const result = transformSource(input, fixture.input, codemods);

    if (!fixture.output) {
      it('is left alone, and its rules have nothing to say', () => {
        expect(result.error).toBeUndefined();
        expect(result.changed).toBe(false);
        expect(findings(input, fixture.input, rules)).toEqual([]);
      });
      return;
    }

    const expected = readFileSync(fixture.output, 'utf8');
    it('has findings of the codemod’s rules', () => {
      expect(findings(input, fixture.input, rules).length).toBeGreaterThan(0);
    });

    it('becomes the output', () => {
      expect(result.error).toBeUndefined();
      expect(result.output).toBe(expected);
    });

    it('leaves no finding of its rules, adds none of the others, and leaves nothing for a second run', () => {
      expect(findings(expected, fixture.output!, rules)).toEqual([]);
      // Other rules' findings move with the text: compared by rule, their number must not grow.
      const perRule = (list: readonly string[]) => Object.fromEntries([...new Set(list.map((entry) => entry.split(':')[0]!))].map((rule) => [rule, list.filter((entry) => entry.startsWith(`${rule}:`)).length]));
      const before = perRule(findings(input, fixture.input));
      for (const [rule, count] of Object.entries(perRule(findings(expected, fixture.output!)))) expect(count, rule).toBeLessThanOrEqual(before[rule] ?? 0);
      const again = transformSource(expected, fixture.output!, codemods);
      expect(again.error).toBeUndefined();
      expect(again.changed).toBe(false);
    });
  });

  it('TypeScript outputs type-check (strict, against the real ws and socket.io types)', () => {
    // A folder inside the checkout, so that the packages resolve from its node_modules.
    const dir = path.join(ROOT, 'tests', '.tmp', 'codemod-fixtures');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const outputs = FIXTURES.filter((fixture) => fixture.output?.endsWith('.ts'));
    expect(outputs.length).toBeGreaterThan(5);
    for (const fixture of outputs) {
      // Each output is a module of its own (so that top-level names do not collide).
      writeFileSync(path.join(dir, `${fixture.codemod}--${path.basename(fixture.output!)}`), readFileSync(fixture.output!, 'utf8'));
    }
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: ['node'], strict: true, noUnusedLocals: true, skipLibCheck: true, noEmit: true },
        include: ['*.ts'],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  }, 60_000);
});
