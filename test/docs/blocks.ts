// Extracts the TypeScript code blocks of the Markdown docs so that test/docs/code-blocks.test.ts can type-check
// and run them. The info string of a fence says what to do with a block:
//
//   ```ts                       type-checked and run
//   ```ts file=counter.ts       ... written as counter.ts, so other blocks of the same page can import it
//   ```ts fragment              type-checked, not run (it needs a context the page only describes)
//   ```ts nocheck <reason>      neither (the reason is required: say why the block cannot compile)
//   ```text output=main.ts      what the runnable block main.ts of the page prints with console.log, exactly
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

/** A ```text output=<file>.ts block: what a runnable block of the same page prints. */
export interface OutputBlock {
  readonly doc: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The file name of the block whose output this is. */
  readonly of: string;
  /** The printed lines, without the final newline. */
  readonly text: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*(\S*)\s*(.*)$/;

interface Fence {
  readonly line: number;
  readonly lang: string;
  readonly info: string;
  readonly body: string[];
}

function fencesOf(root: string, doc: string): Fence[] {
  const lines = readFileSync(`${root}/${doc}`, 'utf8').split('\n');
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (open === null) continue;
    const [, indent, fence, lang, info] = open as unknown as [string, string, string, string, string];
    let end = i + 1;
    while (end < lines.length && !(lines[end] as string).trimStart().startsWith(fence)) end++;
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
    fences.push({ line: i + 1, lang, info: info.trim(), body });
    i = end;
  }
  return fences;
}

/** Reads the ```ts / ```typescript blocks of a Markdown file; throws on a malformed info string. */
export function extractBlocks(root: string, doc: string): CodeBlock[] {
  return fencesOf(root, doc)
    .filter((f) => f.lang === 'ts' || f.lang === 'typescript')
    .map((f) => parseBlock(doc, f.line, f.info, `${f.body.join('\n')}\n`));
}

/** Reads the ```text output=<file>.ts blocks of a Markdown file; throws on a malformed info string. */
export function extractOutputs(root: string, doc: string): OutputBlock[] {
  const outputs: OutputBlock[] = [];
  for (const f of fencesOf(root, doc)) {
    if (f.lang !== 'text' || !f.info.startsWith('output=')) continue;
    const of = f.info.slice('output='.length);
    if (!/^[\w.-]+\.ts$/.test(of)) throw new Error(`${doc}:${f.line}: output=${of}: name a ts block of this page (file=<name>.ts)`);
    outputs.push({ doc, line: f.line, of, text: f.body.join('\n').trimEnd() });
  }
  return outputs;
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
