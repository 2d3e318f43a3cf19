// The named-type registry of the type mapper: slots of structs and enums, named references, and final type names.
import type { FieldDef, TypeDef, TypeRef, VariantDef } from '@sprocket/sdk';
import type { ts } from 'ts-morph';
import { primitivePrefixOf } from '../idl/grammar-primitives.js';
import type { ExtractCode } from './codes.js';
import type { MapContext, Report } from './map-context.js';
import { describe, locationText, short } from './map-diagnostics.js';
import { isWireIdentifier } from './names.js';
import { nodeId } from './type-nodes.js';
import { RESERVED } from './wire-primitives.js';

/** A named reference whose name is fixed when the registry is finalized. */
interface MutableNamed {
  kind: 'named';
  name: string;
  args?: readonly TypeRef[];
}

/** The body of a named type: struct fields or enum variants. */
export type Body =
  | { readonly kind: 'struct'; readonly fields: readonly FieldDef[] }
  | { readonly kind: 'enum'; readonly variants: readonly VariantDef[] };

/** One named type of the table, built once and named when the table is finalized. */
export interface Slot {
  readonly id: number;
  /** The declared name (interface or alias), absent for generated names of inline types. */
  readonly declared: string | undefined;
  readonly hint: string;
  readonly nameNode: ts.Node;
  readonly params: readonly string[];
  body: Body | undefined;
  inProgress: boolean;
  recursionReported: boolean;
  finalName: string;
  readonly refs: MutableNamed[];
}

/** The named types (structs and enums) one mapper collects, and the diagnostics sink; the mapping layers build on it. */
export abstract class TypeRegistry {
  protected readonly slots: Slot[] = [];
  protected readonly byKey = new Map<string, Slot>();
  protected readonly slotOfRef = new WeakMap<object, Slot>();
  /** The `{kind:'param'}` reference each type parameter of a generic declaration is bound to while its body is built. */
  protected readonly paramRefs = new Map<ts.Node, TypeRef>();
  /**
   * Type parameters (their bound references) that a generic body writes as `T | null` (directly or through generic
   * declarations it uses), with the text and place of that union: bound to a nullable type, the TypeScript type collapses.
   */
  protected readonly nullWrapped = new Map<TypeRef, { readonly where: string; readonly text: string }>();

  constructor(
    protected readonly checker: ts.TypeChecker,
    protected readonly program: ts.Program,
    protected readonly report: Report,
    protected readonly relative: (fileName: string) => string = (f) => f,
  ) {}

  /** Maps a value type (parameter, field, payload). Undefined when it has no wire form (a diagnostic was reported). */
  abstract map(node: ts.TypeNode, ctx: MapContext): TypeRef | undefined;

  /** Finalizes names (user-declared names first, then generated ones) and returns the type table in first-use order. */
  types(): TypeDef[] {
    const taken = new Map<string, Slot>();
    for (const slot of this.slots) {
      if (slot.declared === undefined) continue;
      const name = slot.declared;
      const other = taken.get(name);
      const prefix = primitivePrefixOf(name);
      const badParam = slot.params.find((p) => !isWireIdentifier(p));
      if (!isWireIdentifier(name) || badParam !== undefined) {
        // The IDL spells type names and type parameters as Sails identifiers (ASCII, no `$`).
        const what = badParam === undefined ? `type ${name}: the type name` : `type ${name}: the type parameter ${badParam}`;
        this.report('SPK1024', slot.nameNode, `${what} is not an identifier`, 'rename it to an ASCII identifier');
        slot.finalName = uniqueName(name, taken);
      } else if (other !== undefined || RESERVED.has(name)) {
        const where = other === undefined ? 'a built-in IDL type' : `another type (${locationText(other.nameNode, this.relative)})`;
        this.report('SPK1023', slot.nameNode, `type ${name}: ${where} has the same name on the wire`, 'rename one of them');
        slot.finalName = uniqueName(name, taken);
      } else if (prefix !== undefined) {
        // The Sails grammar reads a primitive spelling at the start of a name and then fails on the rest.
        this.report(
          'SPK1023',
          slot.nameNode,
          `type ${name}: Sails cannot read this name in an IDL file (its grammar takes the primitive '${prefix}' and fails at '${name.slice(prefix.length)}')`,
          `rename it so that it does not begin with '${prefix}', e.g. ${name.slice(prefix.length)}${prefix}`,
        );
        slot.finalName = uniqueName(name, taken);
      } else {
        slot.finalName = name;
      }
      taken.set(slot.finalName, slot);
    }
    for (const slot of this.slots) {
      if (slot.declared !== undefined) continue;
      slot.finalName = uniqueName(slot.hint, taken);
      taken.set(slot.finalName, slot);
    }
    const out: TypeDef[] = [];
    for (const slot of this.slots) {
      for (const ref of slot.refs) ref.name = slot.finalName;
      if (slot.body === undefined) continue;
      const params = slot.params.length > 0 ? { params: slot.params } : {};
      out.push(
        slot.body.kind === 'struct'
          ? { kind: 'struct', name: slot.finalName, ...params, fields: slot.body.fields }
          : { kind: 'enum', name: slot.finalName, ...params, variants: slot.body.variants },
      );
    }
    return out;
  }

  // ---- diagnostics ---------------------------------------------------------------------------------------------

  protected fail(code: ExtractCode, node: ts.Node, ctx: MapContext, what: string, fix: string): undefined {
    this.report(code, node, `${describe(ctx)}: ${what}`, fix);
    return undefined;
  }

  /**
   * The reference to a generic declaration with its arguments, unless an argument that includes null is bound to a
   * type parameter the body writes as `T | null` (SPK1036): TypeScript collapses `(u8 | null) | null` to `u8 | null`,
   * while the wire nests Option<Option<u8>>, so the values would not have the type the code declares.
   */
  protected genericRef(
    slot: Slot,
    decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration,
    args: readonly TypeRef[],
    at: ts.Node,
    ctx: MapContext,
  ): TypeRef | undefined {
    let ok = true;
    (decl.typeParameters ?? []).forEach((param, i) => {
      const bound = this.paramRefs.get(param);
      const wrapped = bound === undefined ? undefined : this.nullWrapped.get(bound);
      const arg = args[i];
      if (wrapped === undefined || arg === undefined) return;
      if (arg.kind === 'option') {
        const given = (at as Partial<ts.TypeReferenceNode>).typeArguments?.[i];
        const argText = given === undefined ? 'a type that includes null' : `\`${short(given)}\``;
        const name = param.name.text;
        this.fail(
          'SPK1036',
          at,
          ctx,
          `${wrapped.where} is \`${wrapped.text}\` and ${name} is ${argText} here: TypeScript collapses the two \`| null\` into one, ` +
            'while the wire nests Option<Option<…>>, so the values would not have the type the code declares',
          `pass a type argument without null, or wrap it in an object, \`{ some: ${given === undefined ? '…' : short(given)} }\` ` +
            '(an Option of a struct), so that TypeScript keeps both levels',
        );
        ok = false;
      } else if (arg.kind === 'param' && !this.nullWrapped.has(arg)) {
        // `interface V<U> { w: W<U> }`: U reaches W's `T | null`, so V<u8 | null> collapses too.
        this.nullWrapped.set(arg, wrapped);
      }
    });
    return ok ? this.ref(slot, args) : undefined;
  }

  /** Creates (once) the slot of a named declaration and builds its body with its type parameters as params. */
  protected namedSlot(
    decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration,
    at: ts.Node,
    ctx: MapContext,
    build: (inner: MapContext) => Body,
  ): Slot | undefined {
    const key = `d${nodeId(decl)}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      if (existing.inProgress) {
        if (!existing.recursionReported) {
          existing.recursionReported = true;
          this.fail(
            'SPK1016',
            at,
            ctx,
            `type ${decl.name.text} is recursive (Sails interface ids cannot hash recursive types)`,
            'break the cycle, e.g. store children by id in a Map',
          );
        }
        return undefined;
      }
      return existing;
    }
    const params = (decl.typeParameters ?? []).map((p) => p.name.text);
    const slot = this.newSlot(key, decl.name.text, decl.name.text, decl.name, params);
    const env = new Map<ts.Node, TypeRef>((decl.typeParameters ?? []).map((p) => [p, { kind: 'param', name: p.name.text }] as const));
    for (const [p, ref] of env) this.paramRefs.set(p, ref);
    const inner: MapContext = { env, params, where: decl.name.text, origin: ctx.origin, hint: decl.name.text, depth: ctx.depth + 1 };
    slot.body = build(inner);
    slot.inProgress = false;
    return slot;
  }

  protected newSlot(key: string, declared: string | undefined, hint: string, nameNode: ts.Node, params: readonly string[]): Slot {
    const slot: Slot = {
      id: this.slots.length,
      declared,
      hint,
      nameNode,
      params,
      body: undefined,
      inProgress: true,
      recursionReported: false,
      finalName: declared ?? hint,
      refs: [],
    };
    this.slots.push(slot);
    this.byKey.set(key, slot);
    return slot;
  }

  protected ref(slot: Slot, args: readonly TypeRef[]): TypeRef {
    const ref: MutableNamed = args.length > 0 ? { kind: 'named', name: slot.finalName, args } : { kind: 'named', name: slot.finalName };
    slot.refs.push(ref);
    this.slotOfRef.set(ref, slot);
    return ref;
  }

  protected envKey(ctx: MapContext): string {
    const parts: string[] = [];
    for (const [node, ref] of ctx.env) parts.push(`${nodeId(node)}=${this.refKey(ref)}`);
    return `${parts.join(',')}|${ctx.params.join(',')}`;
  }

  protected refKey(ref: TypeRef): string {
    switch (ref.kind) {
      case 'primitive':
        return ref.name;
      case 'param':
        return `$${ref.name}`;
      case 'vec':
        return `[${this.refKey(ref.item)}]`;
      case 'array':
        return `[${this.refKey(ref.item)};${ref.length}]`;
      case 'tuple':
        return `(${ref.items.map((t) => this.refKey(t)).join(',')})`;
      case 'option':
        return `?${this.refKey(ref.some)}`;
      case 'result':
        return `R<${this.refKey(ref.ok)},${this.refKey(ref.err)}>`;
      case 'map':
        return `M<${this.refKey(ref.key)},${this.refKey(ref.value)}>`;
      case 'compact':
        return `C<${this.refKey(ref.inner)}>`;
      case 'named': {
        const slot = this.slotOfRef.get(ref);
        return `#${slot?.id ?? ref.name}<${(ref.args ?? []).map((t) => this.refKey(t)).join(',')}>`;
      }
    }
  }
}

function uniqueName(hint: string, taken: ReadonlyMap<string, unknown>): string {
  // A generated name must not begin with a primitive spelling either (Sails could not read it): `StringOpReply` → `TStringOpReply`.
  const base = primitivePrefixOf(hint) === undefined ? hint : `T${hint}`;
  if (!taken.has(base) && !RESERVED.has(base)) return base;
  let i = 2;
  while (taken.has(`${base}${i}`)) i++;
  return `${base}${i}`;
}
