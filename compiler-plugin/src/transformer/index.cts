// The ts-patch transformer (CommonJS: ts-patch loads transformers with require). For each source file with
// an `@actor` class, it appends the generated definitions (the same emitter as `sprocket gen`) to the
// emitted JavaScript, so `tspc` builds work without `*.gen.ts` files. Configure it as an `after` transformer:
//
//   "plugins": [{ "transform": "@sprocket/compiler-plugin/transformer", "after": true }]
//
// The generated code runs inside a function scope (no name can clash with the user's module); it reaches
// the sdk through one namespace import, registers the definitions with the runtime and exports the
// generated names (`<Name>Client`, `<Name>Definition`, ...) that the module does not declare itself.
// Actor modules are gas-metered (unless `"gas": false`): a charge at every function entry and loop iteration,
// the same points the vitest plugin meters, calling the sdk's `__sprocketGas`.
import type * as TS from 'typescript';

import meterSourceFile = require('./meter.cjs');

// Node >= 20.19 can require() these ES modules.
import generate = require('../cli/generate.js');
import diagnostics = require('../diagnostics.js');
import extract = require('../extract/index.js');
import errors = require('../errors.js');

import type { Manifest } from '../manifest/types.js';

/** Options of the transformer (the plugin entry in tsconfig). */
interface TransformerConfig {
  /** Directory manifest sources are relative to (default: the program's current directory). */
  readonly rootDir?: string;
  /** Meter actor modules (default true). */
  readonly gas?: boolean;
}

interface Extras {
  readonly ts?: typeof TS;
  /** ts-patch's way to report a diagnostic to tsc's output instead of throwing. */
  readonly addDiagnostic?: (diagnostic: TS.Diagnostic) => number;
}

const SDK_NS = '$sprocket_sdk';
const GEN_NS = '$sprocket_gen';
/** The local name metered code calls (the same as the source instrumentation's). */
const GAS_HOOK = '__sprocket_gas__';

/** Turns a generated `*.gen.ts` module into a script body that returns its exports. */
function wrapGenerated(text: string): { body: string; exported: string[]; sdkNames: string[] } {
  const exported: string[] = [];
  let sdkNames: string[] = [];
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const value = /^import \{ (.*) \} from '@sprocket\/sdk';$/.exec(line);
    if (value !== null) {
      // `expectHeader as $hdr` becomes `expectHeader: $hdr` in the destructuring below.
      sdkNames = (value[1] ?? '').split(', ').map((name) => name.replace(' as ', ': '));
      continue;
    }
    if (line.startsWith('import type ')) continue;
    const exp = /^export (const|class|function) ([A-Za-z_$][\w$]*)/.exec(line);
    if (exp !== null) exported.push(exp[2] as string);
    lines.push(line.replace(/^export (?=const|class|function|interface|type)/, ''));
  }
  return { body: lines.join('\n'), exported, sdkNames };
}

/** Names a module already declares or imports at top level (generated exports must not clash with them). */
function declaredNames(ts: typeof TS, text: string, fileName: string): Set<string> {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  for (const st of sf.statements) {
    if (
      (ts.isClassDeclaration(st) ||
        ts.isFunctionDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isEnumDeclaration(st)) &&
      st.name
    ) {
      names.add(st.name.text);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    } else if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      if (c.name) names.add(c.name.text);
      if (c.namedBindings && ts.isNamedImports(c.namedBindings)) for (const e of c.namedBindings.elements) names.add(e.name.text);
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
    }
  }
  return names;
}

/**
 * Marks every node of a parsed tree as synthesized: the printer then neither reads another file's text
 * nor asks the checker about them (they are not part of the program).
 */
function detach(ts: typeof TS, node: TS.Node): void {
  ts.setTextRange(node, { pos: -1, end: -1 });
  (node as { flags: number }).flags |= ts.NodeFlags.Synthesized;
  ts.forEachChild(node, (child) => detach(ts, child));
}

/**
 * TypeScript diagnostic codes of Sprocket's diagnostics: 990000 + the SPK number (SPK1001 is TS991001), a range
 * TypeScript's own codes (1000..18xxx, 2xxxx, 6xxxx, 7xxxx, 8xxxx, 9xxx, 95xxx) do not use.
 */
const TS_CODE_BASE = 990000;

/** Converts a Sprocket diagnostic into a TypeScript one anchored at the same file, line and column. */
function toTsDiagnostic(ts: typeof TS, program: TS.Program, rootDir: string, problem: diagnostics.Diagnostic): TS.Diagnostic {
  const fileName = ts.sys.resolvePath(`${rootDir}/${problem.location.file}`);
  const file = program.getSourceFile(fileName);
  const start = file === undefined ? undefined : file.getPositionOfLineAndCharacter(problem.location.line - 1, problem.location.column - 1);
  return {
    category: ts.DiagnosticCategory.Error,
    code: TS_CODE_BASE + Number(problem.code.slice(3)),
    file,
    start,
    length: 1,
    messageText: `${problem.code}: ${problem.message} Fix: ${problem.fix}`,
    source: 'sprocket',
  };
}

/** The ts-patch entry: `(program, config, extras) => TransformerFactory`. */
function sprocketTransformer(
  program: TS.Program,
  config: TransformerConfig = {},
  extras: Extras = {},
): TS.TransformerFactory<TS.SourceFile> {
  // ts-patch passes its TypeScript in extras; fall back to the host's.
  const ts: typeof TS = extras.ts ?? (require('typescript') as typeof TS);
  const rootDir = config.rootDir ?? program.getCurrentDirectory();
  let byFile: Map<string, Manifest[]> | undefined;

  const manifestsOf = (fileName: string): Manifest[] => {
    if (byFile === undefined) {
      const files = program
        .getSourceFiles()
        .filter(
          (sf) =>
            !sf.isDeclarationFile &&
            !sf.fileName.includes('/node_modules/') &&
            !sf.fileName.endsWith('.gen.ts') &&
            sf.text.includes('@actor'),
        )
        .map((sf) => sf.fileName);
      const result = extract.extractFromFiles(files, { rootDir });
      const problems = result.diagnostics.filter((d) => d.severity === 'error');
      if (problems.length > 0) {
        if (extras.addDiagnostic === undefined) {
          throw new errors.CompilerError(
            'TRANSFORM_DIAGNOSTICS',
            `@sprocket/compiler-plugin/transformer: ${problems.length} error(s)\n${problems.map(diagnostics.formatDiagnostic).join('\n')}`,
          );
        }
        // Report like tsc does (file, line, column, message), and let tsc fail the build.
        for (const problem of problems) extras.addDiagnostic(toTsDiagnostic(ts, program, rootDir, problem));
      }
      byFile = new Map();
      for (const m of result.manifests) {
        const abs = ts.sys.resolvePath(`${rootDir}/${m.source}`).replace(/\\/g, '/');
        byFile.set(abs, [...(byFile.get(abs) ?? []), m]);
      }
    }
    return byFile.get(fileName.replace(/\\/g, '/')) ?? [];
  };

  return (ctx) => (source) => {
    if (source.isDeclarationFile || !source.text.includes('@actor')) return source;
    const manifests = manifestsOf(source.fileName);
    if (manifests.length === 0) return source;
    const metered = config.gas === false ? undefined : meterSourceFile(ts, ctx, source, GAS_HOOK);
    const sf = metered?.file ?? source;
    const gen = generate.outputsOf(sf.fileName, manifests)[0];
    if (gen === undefined) return sf;
    const { body, exported, sdkNames } = wrapGenerated(gen.content);
    const taken = declaredNames(ts, sf.text, sf.fileName);
    const exports = exported.filter((n) => !taken.has(n));
    const script = [
      `const ${GEN_NS} = (() => {`,
      `const { ${sdkNames.join(', ')} } = ${SDK_NS};`,
      body,
      `return { ${exported.join(', ')} };`,
      '})();',
    ].join('\n');
    const js = ts.transpileModule(script, {
      compilerOptions: {
        target: ctx.getCompilerOptions().target ?? ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        experimentalDecorators: true,
      },
    }).outputText;
    const options = ctx.getCompilerOptions();
    const moduleKind = options.module ?? ts.ModuleKind.CommonJS;
    const cjs =
      moduleKind === ts.ModuleKind.CommonJS ||
      ((moduleKind === ts.ModuleKind.Node16 || moduleKind === ts.ModuleKind.NodeNext) && sf.impliedNodeFormat === ts.ModuleKind.CommonJS);
    const gasHead = metered === undefined || metered.points === 0 ? '' : `\nconst ${GAS_HOOK} = ${SDK_NS}.__sprocketGas;`;
    const head = `${cjs ? `const ${SDK_NS} = require('@sprocket/sdk');` : `import * as ${SDK_NS} from '@sprocket/sdk';`}${gasHead}`;
    const tail = cjs
      ? exports.map((n) => `exports.${n} = ${GEN_NS}.${n};`).join('\n')
      : exports.length > 0
        ? `export const { ${exports.join(', ')} } = ${GEN_NS};`
        : '';
    const parsedHead = ts.createSourceFile('sprocket-head.js', head, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    const parsedBody = ts.createSourceFile('sprocket-gen.js', `${js}\n${tail}`, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    detach(ts, parsedHead);
    detach(ts, parsedBody);
    const statements = [...sf.statements];
    // Imports first (ESM), after a leading "use strict" / directive prologue.
    let at = 0;
    while (
      at < statements.length &&
      ts.isExpressionStatement(statements[at] as TS.Statement) &&
      ts.isStringLiteral((statements[at] as TS.ExpressionStatement).expression)
    )
      at++;
    statements.splice(at, 0, ...parsedHead.statements);
    statements.push(...parsedBody.statements);
    return ts.factory.updateSourceFile(sf, statements);
  };
}

export = sprocketTransformer;
