// The type extractor: decorated actor classes → manifests (plain JSON IR) and diagnostics.
export { EXTRACT_CODES, type ExtractCode } from './codes.js';
export { Extractor, type ExtractResult, extractFromFiles, extractFromSource } from './extractor.js';
export { interfaceIdOf, UNKNOWN_INTERFACE_ID } from './interface-id.js';
export { isWireIdentifier, pascalCase, routeName } from './names.js';
export { createExtractorProject, type ExtractOptions, findSdkSourceEntry } from './project.js';
