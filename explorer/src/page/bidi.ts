// Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) in a contract's strings would reorder the text
// around them on screen: `"symbol": "\u202ERTL"` reads as `"symbol": ",LTR`. Shown as JSON escapes they are visible and
// inert; the JSON stays valid, since these characters can only occur inside its strings.

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with every bidirectional control character written as its `\uXXXX` escape. */
export function escapeBidi(json: string): string {
  return json.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
