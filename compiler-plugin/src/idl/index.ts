// Sails IDL v2: parse, emit, interface ids and entry ids.
export { emitIdl, renderType, SAILS_IDL_VERSION } from './emitter.js';
export {
  compareRouteNames,
  defaultEventEntryIds,
  defaultFunctionEntryIds,
  eventEntryIds,
  functionEntryIds,
  methodNameOfRoute,
  sortRouteNames,
} from './entry-ids.js';
export { computeInterfaceId, eventsHash, functionHash, interfaceIdBytes, type ServiceLookup, serviceTypeTable } from './interface-id.js';
export { type Token, type TokenKind, tokenize } from './lexer.js';
export { type ParseIdlOptions, parseIdl, serviceRoutes } from './parser.js';
export { definitionHash, keccak, structHash, typeHash } from './type-hash.js';
