// Extracts the TypeScript code blocks of the Markdown docs so that test/docs/code-blocks.test.ts can type-check
// and run them. The info string of a fence says what to do with a block:
//
//   ```ts                       type-checked and run
//   ```ts file=counter.ts       ... written as counter.ts, so other blocks of the same page can import it
//   ```ts fragment              type-checked, not run (it needs a context the page only describes)
//   ```ts nocheck <reason>      neither (the reason is required: say why the block cannot compile)
//
// Blocks of one page share a directory; a block named `*.test.ts` is run as a vitest test file, any other
// runnable block is imported by a generated test (its top-level code runs, its actors register).
import { readFileSync } from 'node:fs';

/** What the harness does with a block. */
export type BlockMode = 'run' | 'fragment' | 'nocheck';

/** One ```ts block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  readonly doc: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly mode: BlockMode;
  /** The file name the block is written to. */
  readonly file: string;
  readonly code: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*(\S*)\s*(.*)$/;

/** Reads the ```ts / ```typescript blocks of a Markdown file; throws on a malformed info string. */
export function extractBlocks(root: string, doc: string): CodeBlock[] {
  const lines = readFileSync(`${root}/${doc}`, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (open === null) continue;
    const [, indent, fence, lang, info] = open as unknown as [string, string, string, string, string];
    let end = i + 1;
    while (end < lines.length && !(lines[end] as string).trimStart().startsWith(fence)) end++;
    if (lang === 'ts' || lang === 'typescript') {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
      blocks.push(parseBlock(doc, i + 1, info.trim(), `${body.join('\n')}\n`));
    }
    i = end;
  }
  return blocks;
}

function parseBlock(doc: string, line: number, info: string, code: string): CodeBlock {
  let mode: BlockMode = 'run';
  let file = `block-${line}.ts`;
  const words = info === '' ? [] : info.split(/\s+/);
  for (let w = 0; w < words.length; w++) {
    const word = words[w] as string;
    if (word === 'fragment') mode = 'fragment';
    else if (word === 'nocheck') {
      if (w === words.length - 1) throw new Error(`${doc}:${line}: \`ts nocheck\` needs a reason after it`);
      mode = 'nocheck';
      break;
    } else if (word.startsWith('file=')) {
      file = word.slice('file='.length);
      if (!/^[\w.-]+\.ts$/.test(file)) throw new Error(`${doc}:${line}: file=${file}: use a plain file name ending in .ts`);
    } else throw new Error(`${doc}:${line}: unknown word "${word}" in the info string (use fragment, nocheck <reason>, file=<name>.ts)`);
  }
  return { doc, line, mode, file, code };
}
