// Relative links in README.md, docs/*.md and examples/*/README.md point at files that exist and, with a
// `#fragment`, at a heading of the target page (GitHub's anchor rules).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(root, 'examples'))
    .filter((d) => existsSync(join(root, 'examples', d, 'README.md')))
    .map((d) => `examples/${d}/README.md`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (heading === null) continue;
    const base = (heading[1] as string)
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

describe('links in the docs', () => {
  it('reach existing files and headings', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = m[1] as string;
        if (/^[a-z]+:/.test(link)) continue; // https:, mailto:
        const [path, fragment] = link.split('#') as [string, string | undefined];
        const target = path === '' ? join(root, page) : resolve(root, dirname(page), path);
        if (!existsSync(target)) {
          broken.push(`${page}: ${link} (no such file)`);
          continue;
        }
        if (fragment !== undefined && statSync(target).isFile() && !anchorsOf(readFileSync(target, 'utf8')).has(fragment)) {
          broken.push(`${page}: ${link} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('computes GitHub anchors', () => {
    expect([...anchorsOf('## `Result`: ok or err\n## Interleaving at `await`\n## A\n## A\n```\n# not a heading\n```')]).toEqual([
      'result-ok-or-err',
      'interleaving-at-await',
      'a',
      'a-1',
    ]);
  });
});
