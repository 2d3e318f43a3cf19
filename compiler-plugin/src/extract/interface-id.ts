import type { TypeTable } from '@sprocket/sdk';
import { computeInterfaceId } from '../idl/interface-id.js';
import type { ServiceDef } from '../manifest/types.js';

/** The id written when the hash cannot be computed (it never is for a clean manifest). */
export const UNKNOWN_INTERFACE_ID = '0x0000000000000000';

/** The Sails interface id of an extracted service (one service, no base services; types from its own table over `outer`). */
export function interfaceIdOf(service: ServiceDef, outer: TypeTable = new Map()): string {
  try {
    return computeInterfaceId(service, () => undefined, outer);
  } catch {
    return UNKNOWN_INTERFACE_ID;
  }
}
