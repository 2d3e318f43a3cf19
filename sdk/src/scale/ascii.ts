// Short ASCII strings decoded with one String.fromCharCode call of fixed arity: several times cheaper
// than building the string one character at a time, and it needs no TextDecoder call.

/** Longest string {@link shortAscii} decodes. */
export const SHORT_ASCII_MAX = 16;

/** The `n`-byte (at most {@link SHORT_ASCII_MAX}) string at `p` of `b` when every byte is ASCII, else null; `p + n` is in bounds. */
export function shortAscii(b: Uint8Array, p: number, n: number): string | null {
  let any = 0;
  for (let i = p; i < p + n; i++) any |= b[i] as number;
  if (any >= 0x80) return null;
  switch (n) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(b[p] as number);
    case 2:
      return String.fromCharCode(b[p] as number, b[p + 1] as number);
    case 3:
      return String.fromCharCode(b[p] as number, b[p + 1] as number, b[p + 2] as number);
    case 4:
      return String.fromCharCode(b[p] as number, b[p + 1] as number, b[p + 2] as number, b[p + 3] as number);
    case 5:
      return String.fromCharCode(b[p] as number, b[p + 1] as number, b[p + 2] as number, b[p + 3] as number, b[p + 4] as number);
    case 6:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
      );
    case 7:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
      );
    case 8:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
        b[p + 7] as number,
      );
    case 9:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
        b[p + 7] as number,
        b[p + 8] as number,
      );
    case 10:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
        b[p + 7] as number,
        b[p + 8] as number,
        b[p + 9] as number,
      );
    case 11:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
        b[p + 7] as number,
        b[p + 8] as number,
        b[p + 9] as number,
        b[p + 10] as number,
      );
    case 12:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
        b[p + 7] as number,
        b[p + 8] as number,
        b[p + 9] as number,
        b[p + 10] as number,
        b[p + 11] as number,
      );
    case 13:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
        b[p + 7] as number,
        b[p + 8] as number,
        b[p + 9] as number,
        b[p + 10] as number,
        b[p + 11] as number,
        b[p + 12] as number,
      );
    case 14:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
        b[p + 7] as number,
        b[p + 8] as number,
        b[p + 9] as number,
        b[p + 10] as number,
        b[p + 11] as number,
        b[p + 12] as number,
        b[p + 13] as number,
      );
    case 15:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
        b[p + 7] as number,
        b[p + 8] as number,
        b[p + 9] as number,
        b[p + 10] as number,
        b[p + 11] as number,
        b[p + 12] as number,
        b[p + 13] as number,
        b[p + 14] as number,
      );
    case 16:
      return String.fromCharCode(
        b[p] as number,
        b[p + 1] as number,
        b[p + 2] as number,
        b[p + 3] as number,
        b[p + 4] as number,
        b[p + 5] as number,
        b[p + 6] as number,
        b[p + 7] as number,
        b[p + 8] as number,
        b[p + 9] as number,
        b[p + 10] as number,
        b[p + 11] as number,
        b[p + 12] as number,
        b[p + 13] as number,
        b[p + 14] as number,
        b[p + 15] as number,
      );
    default:
      return null;
  }
}
