/**
 * The reply of a function that returns nothing: one shared, frozen empty payload. A new zero-length
 * Uint8Array per message costs more than a small copy; a frozen empty one has nothing anybody could change.
 */
export const EMPTY_REPLY: Uint8Array = Object.freeze(new Uint8Array(0)) as Uint8Array;
