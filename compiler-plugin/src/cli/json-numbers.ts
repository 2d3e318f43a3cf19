// JSON numbers that JSON.parse would silently round: refused while their exact text is still at hand.
import { CliError } from './errors.js';

/** Longest excerpt of a number literal shown in a message. */
const SHOWN_DIGITS = 40;

/** A number literal of JSON text, as written. */
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** `text` cut to {@link SHOWN_DIGITS} characters with the full length noted. */
function excerpt(text: string): string {
  return text.length <= SHOWN_DIGITS ? text : `${text.slice(0, SHOWN_DIGITS)}... (${text.length} characters)`;
}

/**
 * Refuses (CLI_BAD_JSON, echoing the literal exactly, truncated when long) any number in JSON text whose value
 * JSON.parse cannot represent exactly: integers beyond 2^53-1 and literals that do not survive the round trip
 * (`1e400`, `0.1000000000000000000001`). Integers that big are written as decimal strings.
 */
export function checkJsonNumbers(text: string): void {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) continue;
    const literal = m[0];
    i += literal.length - 1;
    const value = Number(literal);
    const exact = /^-?(0|[1-9][0-9]*)$/.test(literal) ? Number.isSafeInteger(value) : Number.isFinite(value) && sameDecimal(literal, value);
    if (!exact) {
      throw new CliError(
        'CLI_BAD_JSON',
        `the JSON number ${excerpt(literal)} at offset ${m.index} cannot be represented exactly; write integers beyond 2^53-1 as decimal strings ("12345678901234567890")`,
      );
    }
  }
}

/** True when the decimal `literal` denotes exactly the shortest form of `value` (no digits were lost). */
function sameDecimal(literal: string, value: number): boolean {
  return canonical(literal) === canonical(String(Math.abs(value)));
}

/** Significant digits and the decimal exponent of a decimal literal (`0.0120e3` → `12@2`), sign ignored. */
function canonical(text: string): string {
  const [mant = '', expText = '0'] = text.toLowerCase().replace(/^-/, '').split('e');
  const [int = '', frac = ''] = mant.split('.');
  let digits = `${int}${frac}`;
  let point = int.length + Number(expText);
  while (digits.startsWith('0')) {
    digits = digits.slice(1);
    point--;
  }
  digits = digits.replace(/0+$/, '');
  return digits === '' ? '0' : `${digits}@${point}`;
}
