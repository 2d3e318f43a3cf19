// Straight-line SCALE codec generation: every named type (per generic instantiation) becomes a pair of
// functions `$eN(w, v)` / `$dN(r)` that call ScaleWriter/ScaleReader methods with constant field paths;
// composite types are inlined. Nothing walks a schema at run time. This class names and collects the module-level
// functions; the statements come from encode-gen.ts, decode-gen.ts and named-codec.ts.
import type { TypeDef, TypeRef } from '@sprocket/sdk';
import type { Scope } from './codec-scope.js';
import { emitDecode, emitDecodeInto } from './decode-gen.js';
import { emitEncode } from './encode-gen.js';
import { instantiate } from './generic-instance.js';
import { namedCodecFunctions } from './named-codec.js';
import { fixedSize, minSize, type ResolveNamed } from './type-sizes.js';

/** The straight-line codec generator of one generated module. */
export class CodecGen {
  /** Emitted module-level functions, in creation order (deterministic). */
  readonly functions: string[] = [];
  private readonly encNames = new Map<string, string>();
  private readonly decNames = new Map<string, string>();
  private readonly keyCmps = new Map<string, string>();
  /** Module-level key comparators of maps: `[name, TypeRef]`. */
  readonly keyComparators: [string, TypeRef][] = [];
  private fnCount = 0;
  /** Whether generated code needs the `$sortEntries` helper. */
  usesMaps = false;

  /** `resolve`, bound: what the size computations resolve named types with. */
  private readonly resolveNamed: ResolveNamed = (ref) => this.resolve(ref);

  constructor(private readonly types: ReadonlyMap<string, TypeDef>) {}

  /** Resolves a named instantiation to its definition with parameters substituted. */
  resolve(ref: Extract<TypeRef, { kind: 'named' }>): TypeDef {
    return instantiate(this.types, ref);
  }

  /** Smallest encoded size (for bounding length prefixes before allocating). */
  minSize(ref: TypeRef, seen: ReadonlySet<string> = new Set()): number {
    return minSize(this.resolveNamed, ref, seen);
  }

  /** The encoded size every value of the type shares, else undefined (see `fixedSize` in type-sizes.ts). */
  fixedSize(ref: TypeRef, seen: ReadonlySet<string> = new Set()): number | undefined {
    return fixedSize(this.resolveNamed, ref, seen);
  }

  /** The name errors inside the codec functions of a named type start their paths with (as the IDL spells it). */
  labelOf(ref: Extract<TypeRef, { kind: 'named' }>): string {
    return this.types.get(ref.name)?.idlName ?? ref.name;
  }

  /** Name of the encoder function of a named instantiation (generated on first use). */
  encoderOf(ref: Extract<TypeRef, { kind: 'named' }>): string {
    const key = JSON.stringify(ref);
    const known = this.encNames.get(key);
    if (known !== undefined) return known;
    const id = this.fnCount++;
    const name = `$e${id}_${ref.name}`;
    const decName = `$d${id}_${ref.name}`;
    this.encNames.set(key, name);
    this.decNames.set(key, decName);
    // Registered before its body is emitted: a recursive type's body calls its own functions by these names.
    // Errors name the type as the IDL or contract does (`Promise`), not as this module renamed it (`Promise_`).
    const label = this.labelOf(ref);
    this.functions.push(...namedCodecFunctions(this, this.resolve(ref), label, name, decName));
    return name;
  }

  /** Name of the decoder function of a named instantiation (generated on first use). */
  decoderOf(ref: Extract<TypeRef, { kind: 'named' }>): string {
    this.encoderOf(ref);
    return this.decNames.get(JSON.stringify(ref)) as string;
  }

  /** Name of a module-level key comparator for map keys of type `ref`. */
  keyComparator(ref: TypeRef): string {
    const key = JSON.stringify(ref);
    let name = this.keyCmps.get(key);
    if (name === undefined) {
      name = `$k${this.keyCmps.size}`;
      this.keyCmps.set(key, name);
      this.keyComparators.push([name, ref]);
    }
    return name;
  }

  /** Emits statements that encode the value of expression `x` (evaluated once) at `path`. */
  enc(ref: TypeRef, x: string, path: string, out: string[], ind: string, scope: Scope): void {
    emitEncode(this, ref, x, path, out, ind, scope);
  }

  /** Emits statements that decode one value at `path` into a fresh local; returns the local's name. */
  decInto(ref: TypeRef, path: string, out: string[], ind: string, scope: Scope): string {
    return emitDecodeInto(this, ref, path, out, ind, scope);
  }

  /** Emits the statements a decode needs and returns the expression of the value (evaluate it right after them). */
  dec(ref: TypeRef, path: string, out: string[], ind: string, scope: Scope): string {
    return emitDecode(this, ref, path, out, ind, scope);
  }
}
