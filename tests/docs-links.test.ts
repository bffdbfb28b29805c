/**
 * Links in the user documentation resolve: relative links to a file of the repository (and to a
 * heading of it when they name one), and the rule pages, which are published in the package, only
 * to other published pages or to absolute URLs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const rulePages = readdirSync(path.join(root, 'docs/rules')).map((file) => `docs/rules/${file}`);
const documents = ['README.md', 'CONTRIBUTING.md', ...rulePages];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function linksOf(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe.each(documents)('%s', (document) => {
  const markdown = readFileSync(path.join(root, document), 'utf8');
  const links = linksOf(markdown).filter((link) => !/^(?:https?:|mailto:)/.test(link));

  it('has relative links that resolve', () => {
    for (const link of links) {
      const [file, anchor] = link.split('#');
      const target = file ? path.join(path.dirname(path.join(root, document)), file) : path.join(root, document);
      expect(existsSync(target), `${document}: ${link}`).toBe(true);
      if (anchor && target.endsWith('.md')) {
        const headings = readFileSync(target, 'utf8').split('\n').filter((line) => line.startsWith('#')).map((line) => anchorOf(line.replace(/^#+/, '')));
        expect(headings, `${document}: ${link}`).toContain(anchor);
      }
    }
  });

  if (document.startsWith('docs/rules/')) {
    it('links only to other rule pages, which are published with it', () => {
      for (const link of links) {
        const file = link.split('#')[0];
        if (file) expect(path.join('docs/rules', file), `${document}: ${link}`).toMatch(/^docs\/rules\/[a-z-]+\.md$/);
      }
    });
  }
});
