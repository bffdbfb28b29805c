/**
 * What a user sees of each rule in ESLint's output: a message short enough for a terminal's
 * `stylish` columns (the explanation is on the rule's page), and a link to that page for the
 * installed version.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import plugin from '../index.js';

const root = path.resolve(import.meta.dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  repository: { url: string };
};

/** Before data substitution: what the rule's author controls. */
const MAX_MESSAGE_LENGTH = 160;

type RuleMeta = { meta: { messages: Record<string, string>; docs: { url: string } } };
const rules = Object.entries(plugin.rules as unknown as Record<string, RuleMeta>);

describe.each(rules)('%s', (name, rule) => {
  it.each(Object.entries(rule.meta.messages))(`message %s is one sentence of at most ${MAX_MESSAGE_LENGTH} characters`, (_id, text) => {
    expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    // A second sentence would be explanation, which belongs on the rule's page.
    expect(text).not.toMatch(/[.:!?]\s+[A-Z]/);
  });

  it("links to its page at the installed version's tag", () => {
    const repository = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(rule.meta.docs.url).toBe(`${repository}/blob/v${packageJson.version}/docs/rules/${name}.md`);
    expect(existsSync(path.join(root, 'docs/rules', `${name}.md`))).toBe(true);
  });
});
