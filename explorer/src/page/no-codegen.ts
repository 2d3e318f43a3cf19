// Stands in for the sdk's `scale/fields-compiled.ts` in the page's bundle (see vite.config.ts). The page's content
// security policy refuses code generation from strings, so the sdk's compiled field encoders could never be built
// here: trying once still makes the browser log a CSP violation on every page load. The codecs keep their generic
// loop, which encodes the same bytes.
export type FieldsEncoder = (w: unknown, v: Record<string, unknown>, path: string) => void;

/** Never compiles: every codec keeps the generic loop. */
export function compileFieldsEncoder(_names: readonly string[], _codecs: readonly unknown[], _prefix: string): FieldsEncoder | undefined {
  return undefined;
}
