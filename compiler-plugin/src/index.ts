// The public surface of @sprocket/compiler-plugin. Hand-written: anything not listed here is internal.

// The code a node runs: an actor module bundled with its generated definitions
export { type BundleOptions, type BundleResult, bundleContract } from './bundle/index.js';
export { CliError, CliUsageError } from './cli/errors.js';
// The generator behind `sprocket gen`, the vite plugin and the transformer
export {
  findActorFiles,
  type GenerateResult,
  Generator,
  type GeneratorOptions,
  genPathOf,
  type OutputFile,
  outputsOf,
} from './cli/generate.js';
export { type CliIo, main as runCli } from './cli/main.js';
// Diagnostics and errors
export { type Diagnostic, type DiagnosticCode, formatDiagnostic } from './diagnostics.js';
// Emitter: `*.gen.ts` (codecs, schemas, definition, typed client)
export {
  clientMethodName,
  type EmitGeneratedOptions,
  emitGenerated,
  emitGeneratedFile,
  generatedHeader,
  isGeneratedText,
} from './emit/generated.js';
export { DEFAULT_CONSTRUCTOR_NAME } from './emit/model.js';
export { CompilerError, type CompilerErrorOptions, IdlParseError, type IdlParseErrorCode } from './errors.js';
// Front end: TypeScript actors
export { type ExtractOptions, Extractor, type ExtractResult, extractFromFiles, extractFromSource } from './extract/index.js';
// Gas instrumentation of contract code (the vitest plugin applies it to actor modules)
export { type GasInstrumentation, instrumentGas, unmeteredImports } from './gas/index.js';
// Node-only (reads files): `!@include` expansion.
export { loadIdlFile, parseIdlFile, readIdlFile } from './idl/include.js';
// Front end and emitter: Sails IDL v2
export { computeInterfaceId, emitIdl, type ParseIdlOptions, parseIdl, serviceRoutes } from './idl/index.js';
// The IR
export type {
  ConstructorDef,
  EventDef,
  FunctionDef,
  Manifest,
  ParamDef,
  ProgramDef,
  ServiceDef,
  ServiceExport,
  SourceLocation,
} from './manifest/types.js';
