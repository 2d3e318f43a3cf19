// Gas instrumentation of contract source: a charge at every function entry and every loop iteration (the
// loop's back-edge), calling the host hook `__sprocketGas` of @sprocket/sdk. Edits are inserted into the
// source text (nothing is reprinted), on the lines they belong to, so positions in errors and stack traces
// keep their line numbers.
import { ts } from 'ts-morph';
import { CompilerError } from '../errors.js';

/** The module the gas hook is imported from. */
export const GAS_HOOK_MODULE = '@sprocket/sdk';
/** The hook's exported name. */
export const GAS_HOOK_EXPORT = '__sprocketGas';
/** The local name instrumented code calls (an alias unlikely to clash with user names). */
export const GAS_HOOK_LOCAL = '__sprocket_gas__';

/** Gas charged per function entry and per loop iteration. */
export const GAS_PER_STEP = 1;

/** The instrumented source and what was inserted. */
export interface GasInstrumentation {
  readonly code: string;
  /** Charge points inserted: function entries. */
  readonly functions: number;
  /** Charge points inserted: loop bodies. */
  readonly loops: number;
}

interface Edit {
  readonly pos: number;
  readonly text: string;
  /** Nesting depth of the node the edit belongs to (orders edits at one position). */
  readonly depth: number;
  readonly close: boolean;
}

const CHARGE = `${GAS_HOOK_LOCAL}(${GAS_PER_STEP})`;

function isLoop(node: ts.Node): node is ts.IterationStatement {
  return (
    ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)
  );
}

/** Options of {@link instrumentGas}. */
export interface GasOptions {
  /** Import the hook at the end of the module (default true); false: the caller binds `__sprocket_gas__` itself. */
  readonly importHook?: boolean;
  /** Parse the text as JavaScript (a bundle) instead of TypeScript. */
  readonly javascript?: boolean;
}

/** Where a constructor's charge goes: after a top-level `super(...)` statement if there is one (TypeScript wants it first), else first. */
function constructorChargeAt(body: ts.Block, source: ts.SourceFile): number {
  for (const statement of body.statements) {
    if (
      ts.isExpressionStatement(statement) &&
      ts.isCallExpression(statement.expression) &&
      statement.expression.expression.kind === ts.SyntaxKind.SuperKeyword
    ) {
      return statement.getEnd();
    }
  }
  return body.getStart(source) + 1;
}

/**
 * Inserts gas charges into a module: at the entry of every function, method, accessor, constructor and
 * arrow function with a body (a constructor's charge follows its top-level `super(...)` call), and at
 * the start of every loop body. The hook is imported at the end of the module (imports are hoisted)
 * unless `importHook` is false. Returns undefined if the module has nothing to charge.
 */
export function instrumentGas(fileName: string, code: string, options: GasOptions = {}): GasInstrumentation | undefined {
  const kind = options.javascript === true ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, kind);
  const edits: Edit[] = [];
  let functions = 0;
  let loops = 0;

  const visit = (node: ts.Node, depth: number): void => {
    if (ts.isFunctionLike(node)) {
      const body = (node as ts.FunctionLikeDeclaration).body;
      if (body !== undefined) {
        functions++;
        if (ts.isConstructorDeclaration(node) && ts.isBlock(body))
          edits.push({ pos: constructorChargeAt(body, source), text: ` ${CHARGE};`, depth, close: false });
        else if (ts.isBlock(body)) edits.push({ pos: body.getStart(source) + 1, text: ` ${CHARGE};`, depth, close: false });
        else {
          edits.push({ pos: body.getStart(source), text: `(${CHARGE}, `, depth, close: false });
          edits.push({ pos: body.getEnd(), text: ')', depth, close: true });
        }
      }
    } else if (isLoop(node)) {
      loops++;
      const body = node.statement;
      if (ts.isBlock(body)) edits.push({ pos: body.getStart(source) + 1, text: ` ${CHARGE};`, depth, close: false });
      else {
        edits.push({ pos: body.getStart(source), text: `{ ${CHARGE}; `, depth, close: false });
        edits.push({ pos: body.getEnd(), text: ' }', depth, close: true });
      }
    }
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(source, 0);
  if (edits.length === 0) return undefined;

  // At one position: closings first (innermost first), then openings (outermost first).
  edits.sort((a, b) => {
    if (a.pos !== b.pos) return a.pos - b.pos;
    if (a.close !== b.close) return a.close ? -1 : 1;
    return a.close ? b.depth - a.depth : a.depth - b.depth;
  });
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(code.slice(at, edit.pos), edit.text);
    at = edit.pos;
  }
  parts.push(code.slice(at));
  if (options.importHook !== false)
    parts.push(`\nimport { ${GAS_HOOK_EXPORT} as ${GAS_HOOK_LOCAL} } from ${JSON.stringify(GAS_HOOK_MODULE)};\n`);
  return { code: parts.join(''), functions, loops };
}

/**
 * The bare module specifiers a module imports that the instrumentation does not meter: anything that is
 * not relative, not a `node:` builtin and not a Sprocket package. Code in those libraries runs unmetered.
 */
export function unmeteredImports(fileName: string, code: string): string[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true) continue;
    if (ts.isExportDeclaration(statement) && statement.isTypeOnly) continue;
    const spec = statement.moduleSpecifier;
    if (spec === undefined || !ts.isStringLiteral(spec)) continue;
    const name = spec.text;
    if (name.startsWith('.') || name.startsWith('/') || name.startsWith('node:') || name.startsWith('@sprocket/') || name === 'vitest')
      continue;
    found.add(name);
  }
  return [...found].sort();
}

/**
 * Meters uploaded code (a CommonJS bundle, JavaScript) the way a node loads it: every function and loop
 * charges `__sprocket_gas__`, which the loader binds (no import is added). Throws a CompilerError
 * `GAS_UNMETERABLE` when the text could escape its meter: it does not parse, names `__sprocket_gas__` itself (it
 * could shadow or replace the hook) or has a `with` statement (it could shadow the hook by a computed name).
 * Deterministic: the same bytes always give the same metered text.
 */
export function instrumentBundle(fileName: string, code: string): GasInstrumentation {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const refuse = (node: ts.Node, what: string): never => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    throw new CompilerError('GAS_UNMETERABLE', `${fileName}:${line + 1}:${character + 1}: ${what}; such code cannot be gas-metered`);
  };
  const syntax = (source as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics?.[0];
  if (syntax !== undefined) {
    const { line, character } = source.getLineAndCharacterOfPosition(syntax.start);
    throw new CompilerError(
      'GAS_UNMETERABLE',
      `${fileName}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(syntax.messageText, ' ')}; code that does not parse cannot be gas-metered`,
    );
  }
  const check = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === GAS_HOOK_LOCAL) refuse(node, `the name ${GAS_HOOK_LOCAL} is reserved for the gas hook`);
    if (ts.isWithStatement(node)) refuse(node, 'a `with` statement');
    ts.forEachChild(node, check);
  };
  check(source);
  return instrumentGas(fileName, code, { importHook: false, javascript: true }) ?? { code, functions: 0, loops: 0 };
}
