// The id of a request the node refuses without parsing it (a frame over the limit, a connection with too many in
// flight): found cheaply, so the refusal can name the request it answers instead of `id: null`.

/** Bytes of a frame's start scanned for its id: a client that puts `id` first (as JSON-RPC clients do) is found. */
export const ID_SCAN_BYTES = 512;

/** Frames up to this size are parsed whole to find their id (cheaper than the answer they get anyway). */
export const ID_PARSE_BYTES = 64 * 1024;

/** The id of a request frame (a number or a string), or null when none can be found cheaply; see the file comment. */
export function requestIdOf(frame: Buffer): string | number | null {
  if (frame.length <= ID_PARSE_BYTES) {
    try {
      const parsed: unknown = JSON.parse(frame.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
      const id = (parsed as { id?: unknown }).id;
      return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
    } catch {
      return null;
    }
  }
  return scanId(frame.subarray(0, ID_SCAN_BYTES).toString('utf8'));
}

/** The id of a request from the first chunks of its body (the rest never read): a bounded scan of their start. */
export function requestIdOfStart(chunks: readonly Buffer[]): string | number | null {
  const head: Buffer[] = [];
  let size = 0;
  for (const chunk of chunks) {
    if (size >= ID_SCAN_BYTES) break;
    head.push(chunk.subarray(0, ID_SCAN_BYTES - size));
    size += Math.min(chunk.length, ID_SCAN_BYTES - size);
  }
  return scanId(Buffer.concat(head).toString('utf8'));
}

/**
 * The `id` member of the top-level object in the start of a frame, or null. It walks the JSON tokens, so an `"id"`
 * key nested in `params` (dev_revert takes one) or inside a string is never taken for the request's.
 */
export function scanId(text: string): string | number | null {
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return null;
  let depth = 0;
  // At depth 1, whether the next string is a key (after `{` or `,`) rather than a value.
  let expectKey = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return null;
      if (depth === 1 && expectKey) {
        const key = text.slice(i, end + 1);
        let j = skipSpace(text, end + 1);
        if (text[j] !== ':') return null;
        j = skipSpace(text, j + 1);
        if (key === '"id"') return idValue(text, j);
        expectKey = false;
        i = j;
        continue;
      }
      i = end + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      depth++;
      expectKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth <= 0) return null;
    } else if (c === ',' && depth === 1) {
      expectKey = true;
    }
    i++;
  }
  return null;
}

/** The id value at `at`: a JSON number or string wholly within the text, else null. */
function idValue(text: string, at: number): string | number | null {
  if (text[at] === '"') {
    const end = stringEnd(text, at);
    if (end < 0) return null;
    try {
      return JSON.parse(text.slice(at, end + 1)) as string;
    } catch {
      return null;
    }
  }
  const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 64));
  if (match === null) return null;
  const after = text[at + match[0].length];
  // A number cut off by the end of the scanned bytes may be the start of a longer one.
  if (after === undefined || !/[\s,}]/.test(after)) return null;
  const n = Number(match[0]);
  return Number.isFinite(n) ? n : null;
}

/** The index of the quote closing the string that starts at `at`, or -1 when it does not close within the text. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return -1;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}
