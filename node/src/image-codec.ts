// A restorable encoding of state values for checkpoints: like the canonical encoding, plus each object's
// prototype by name (a code's own classes and its realm's Object/Array, the host's, the sdk's), so a decoded
// value behaves exactly like the original. A value that cannot be named (a function, a symbol, an accessor, an
// instance of a class the code does not export) makes the image unrestorable: the checkpoint then holds none.
import { rawState, STATE_TYPED_ARRAYS } from '@sprocket/runtime';
import * as sdk from '@sprocket/sdk';
import { CONTEXT_SLOT } from '@sprocket/sdk';
import { type ByteSink, readStr } from './canonical.js';
import { NodeError } from './errors.js';

/** Names of the prototypes a value may have, both ways. */
export interface ProtoTable {
  readonly names: ReadonlyMap<object | null, string>;
  readonly protos: ReadonlyMap<string, object | null>;
}

/** A prototype table from name → prototype pairs. */
export function protoTable(entries: Iterable<readonly [string, object | null]>): ProtoTable {
  const names = new Map<object | null, string>();
  const protos = new Map<string, object | null>();
  for (const [name, proto] of entries) {
    if (!names.has(proto)) names.set(proto, name);
    protos.set(name, proto);
  }
  return { names, protos };
}

function classEntries(prefix: string, exports: Record<string, unknown>): [string, object][] {
  const out: [string, object][] = [];
  for (const key of Object.keys(exports)) {
    const value = exports[key];
    if (typeof value !== 'function') continue;
    const proto = (value as { prototype?: unknown }).prototype;
    if (proto !== null && typeof proto === 'object') out.push([`${prefix}${key}`, proto]);
  }
  return out;
}

/** The host's own prototypes (plain objects and arrays the sdk's codecs make, the sdk's classes). */
export function hostEntries(): [string, object | null][] {
  return [
    ['null', null],
    ['host:Object', Object.prototype],
    ['host:Array', Array.prototype],
    ['host:Date', Date.prototype],
    ...classEntries('sdk:', sdk as unknown as Record<string, unknown>),
  ];
}

/** The prototype table of top-level checkpoint data (host values only). */
export const HOST_PROTOS: ProtoTable = protoTable(hostEntries());

/** The prototype entries of a loaded code: its realm's intrinsics, its Date, its actor class and exported classes. */
export function codeEntries(
  realm: { object: object; array: object; date: object },
  exports: Record<string, unknown>,
  actor: object,
): [string, object][] {
  return [['Object', realm.object], ['Array', realm.array], ['Date', realm.date], ['actor', actor], ...classEntries('export:', exports)];
}

const T = {
  undefined: 0,
  null: 1,
  false: 2,
  true: 3,
  number: 4,
  bigint: 5,
  string: 6,
  bytes: 7,
  typed: 8,
  array: 9,
  map: 10,
  set: 11,
  date: 12,
  object: 13,
  ref: 14,
} as const;

/**
 * The typed arrays a checkpoint restores, by constructor name (the name is what the image holds): the ones the
 * runtime lets into state. A Map, so a name such as `constructor` finds nothing.
 */
const TYPED = new Map<string, new (buffer: ArrayBuffer) => ArrayBufferView>(STATE_TYPED_ARRAYS.map((c) => [c.name, c]));

function unrestorable(what: string): NodeError {
  return new NodeError('NODE_STORE', `the state holds ${what}, which a checkpoint cannot restore`, { reason: what });
}

/** Marks the next item of the writer's work stack as an object key to write (private: state cannot hold it). */
const KEY = Symbol('key');

/** Writes restorable values to a sink. */
export class ImageWriter {
  private readonly seen = new Map<object, number>();

  constructor(
    readonly sink: ByteSink,
    private readonly table: ProtoTable,
  ) {}

  private proto(obj: object): void {
    const name = this.table.names.get(Object.getPrototypeOf(obj));
    if (name === undefined)
      throw unrestorable(`an instance of ${obj.constructor?.name ?? 'an unnamed class'} that the code does not export`);
    this.sink.str(name);
  }

  /**
   * Appends one value. Iterative, in the order a depth-first walk takes (shared references are numbered in that
   * order): state nested 100,000 levels deep encodes without growing the stack.
   */
  value(v: unknown): void {
    const stack: unknown[] = [v];
    while (stack.length > 0) {
      const next = stack.pop();
      if (next === KEY) this.sink.str(stack.pop() as string);
      else this.one(next, stack);
    }
  }

  /** Writes `v` when it is a primitive or null (true), or nothing when it is an object (false). */
  private leaf(v: unknown): boolean {
    const sink = this.sink;
    switch (typeof v) {
      case 'undefined':
        sink.byte(T.undefined);
        return true;
      case 'boolean':
        sink.byte(v ? T.true : T.false);
        return true;
      case 'number':
        sink.byte(T.number);
        sink.f64(v);
        return true;
      case 'bigint':
        sink.byte(T.bigint);
        sink.str(v.toString());
        return true;
      case 'string':
        sink.byte(T.string);
        sink.str(v);
        return true;
      case 'symbol':
      case 'function':
        throw unrestorable(`a ${typeof v}`);
    }
    if (v !== null) return false;
    sink.byte(T.null);
    return true;
  }

  /**
   * Writes one value, or a container's header with its children: the leading primitive ones at once, the rest
   * (from the first object on) pushed on `stack`, last first.
   */
  private one(v: unknown, stack: unknown[]): void {
    if (this.leaf(v)) return;
    const sink = this.sink;
    // A proxy of state stored in state is the object it stands for (runtime state-proxies.ts): one object, one entry.
    const obj = rawState(v) as object;
    const ref = this.seen.get(obj);
    if (ref !== undefined) {
      sink.byte(T.ref);
      sink.u32(ref);
      return;
    }
    this.seen.set(obj, this.seen.size);
    if (ArrayBuffer.isView(obj)) {
      const name = obj.constructor.name;
      const bytes = new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength);
      if (Object.getPrototypeOf(obj) === Uint8Array.prototype || Buffer.isBuffer(obj)) {
        sink.byte(T.bytes);
        sink.bytes(bytes);
        return;
      }
      if (Object.getPrototypeOf(obj) !== TYPED.get(name)?.prototype) throw unrestorable(`a ${name}`);
      sink.byte(T.typed);
      sink.str(name);
      sink.bytes(bytes);
      return;
    }
    if (Array.isArray(obj)) {
      sink.byte(T.array);
      this.proto(obj);
      const keys = Object.keys(obj);
      if (keys.length !== obj.length) throw unrestorable('an array with holes or extra properties');
      sink.u32(obj.length);
      const n = obj.length;
      for (let i = 0; i < n; i++) {
        if (this.leaf(obj[i])) continue;
        for (let j = n - 1; j >= i; j--) stack.push(obj[j]);
        return;
      }
      return;
    }
    if (obj instanceof Map) {
      if (Object.getPrototypeOf(obj) !== Map.prototype) throw unrestorable('a subclass of Map');
      sink.byte(T.map);
      sink.u32(obj.size);
      let rest: unknown[] | undefined;
      for (const [k, x] of obj) {
        if (rest !== undefined) rest.push(k, x);
        else if (!this.leaf(k)) rest = [k, x];
        else if (!this.leaf(x)) rest = [x];
      }
      if (rest !== undefined) for (let i = rest.length - 1; i >= 0; i--) stack.push(rest[i]);
      return;
    }
    if (obj instanceof Set) {
      if (Object.getPrototypeOf(obj) !== Set.prototype) throw unrestorable('a subclass of Set');
      sink.byte(T.set);
      sink.u32(obj.size);
      let rest: unknown[] | undefined;
      for (const x of obj) {
        if (rest !== undefined) rest.push(x);
        else if (!this.leaf(x)) rest = [x];
      }
      if (rest !== undefined) for (let i = rest.length - 1; i >= 0; i--) stack.push(rest[i]);
      return;
    }
    if (obj instanceof Date) {
      sink.byte(T.date);
      this.proto(obj);
      sink.f64(obj.getTime());
      return;
    }
    sink.byte(T.object);
    this.proto(obj);
    const keys = Reflect.ownKeys(obj).filter((k) => k !== CONTEXT_SLOT);
    sink.u32(keys.length);
    const values: unknown[] = [];
    for (const key of keys) {
      if (typeof key !== 'string') throw unrestorable('a symbol-keyed property');
      const d = Object.getOwnPropertyDescriptor(obj, key) as PropertyDescriptor;
      if (!('value' in d) || !d.writable || !d.enumerable || !d.configurable)
        throw unrestorable(`property ${key} with a non-plain descriptor`);
      values.push(d.value);
    }
    for (let i = 0; i < keys.length; i++) {
      sink.str(keys[i] as string);
      if (this.leaf(values[i])) continue;
      for (let j = keys.length - 1; j > i; j--) stack.push(values[j], keys[j], KEY);
      stack.push(values[i]);
      return;
    }
  }
}

/** Reads what an {@link ImageWriter} wrote. */
export class ImageReader {
  private readonly view: DataView;
  private readonly seen: unknown[] = [];
  offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private table: ProtoTable,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Switches the prototype table (each actor's instance is read with its code's table); refs start afresh. */
  use(table: ProtoTable): void {
    this.table = table;
    this.seen.length = 0;
  }

  /** One byte. */
  byte(): number {
    if (this.offset >= this.bytes.length) throw new NodeError('NODE_STORE', 'the checkpoint ends early');
    return this.bytes[this.offset++] as number;
  }

  /** An unsigned 32-bit number. */
  u32(): number {
    const n = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return n;
  }

  /** Length-prefixed bytes (a copy). */
  bytesOf(): Uint8Array {
    const n = this.u32();
    if (this.offset + n > this.bytes.length) throw new NodeError('NODE_STORE', 'the checkpoint ends early');
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** A length-prefixed string. */
  str(): string {
    const n = this.u32();
    const out = readStr(this.bytes.subarray(this.offset, this.offset + n));
    this.offset += n;
    return out;
  }

  private proto(): object | null {
    const name = this.str();
    if (!this.table.protos.has(name)) throw new NodeError('NODE_STORE', `the checkpoint names an unknown prototype ${name}`);
    return this.table.protos.get(name) as object | null;
  }

  /**
   * One value. Iterative: a container is handed to its parent as soon as it is made and filled afterwards from a
   * frame on an explicit stack, so state nested 100,000 levels deep decodes without growing the stack.
   */
  value(): unknown {
    const first = this.one();
    if (!(first instanceof ReadFrame)) return first;
    const frames: ReadFrame[] = [first];
    // The innermost container not yet full: the next value read goes into it.
    let top = first;
    for (;;) {
      if (top.left === 0) {
        frames.pop();
        const outer = frames[frames.length - 1];
        if (outer === undefined) return first.out;
        top = outer;
        continue;
      }
      if (top.kind === T.object) top.key = this.str();
      const made = this.one();
      if (made instanceof ReadFrame) {
        top.put(made.out);
        frames.push(made);
        top = made;
      } else top.put(made);
    }
  }

  /** Reads one value: a leaf, or a container's header (its frame, to be filled with its children). */
  private one(): unknown {
    const tag = this.byte();
    switch (tag) {
      case T.undefined:
        return undefined;
      case T.null:
        return null;
      case T.false:
        return false;
      case T.true:
        return true;
      case T.number: {
        const n = this.view.getFloat64(this.offset, true);
        this.offset += 8;
        return n;
      }
      case T.bigint:
        return BigInt(this.str());
      case T.string:
        return this.str();
      case T.ref:
        return this.seen[this.u32()];
      case T.bytes: {
        const slot = this.seen.length;
        this.seen.push(undefined);
        const b = this.bytesOf();
        this.seen[slot] = b;
        return b;
      }
      case T.typed: {
        const slot = this.seen.length;
        this.seen.push(undefined);
        const Ctor = TYPED.get(this.str());
        if (Ctor === undefined) throw new NodeError('NODE_STORE', 'the checkpoint holds an unknown typed array');
        const b = this.bytesOf();
        const out = new Ctor(b.buffer as ArrayBuffer);
        this.seen[slot] = out;
        return out;
      }
      case T.array: {
        const out: unknown[] = [];
        this.seen.push(out);
        const proto = this.proto();
        if (proto !== Array.prototype) Object.setPrototypeOf(out, proto);
        return new ReadFrame(T.array, out, this.u32());
      }
      case T.map: {
        const out = new Map();
        this.seen.push(out);
        return new ReadFrame(T.map, out, this.u32());
      }
      case T.set: {
        const out = new Set();
        this.seen.push(out);
        return new ReadFrame(T.set, out, this.u32());
      }
      case T.date: {
        const slot = this.seen.length;
        this.seen.push(undefined);
        const proto = this.proto();
        const out = new Date(this.view.getFloat64(this.offset, true));
        this.offset += 8;
        Object.setPrototypeOf(out, proto);
        this.seen[slot] = out;
        return out;
      }
      case T.object: {
        const slot = this.seen.length;
        this.seen.push(undefined);
        const out = Object.create(this.proto()) as Record<string, unknown>;
        this.seen[slot] = out;
        return new ReadFrame(T.object, out, this.u32());
      }
      default:
        throw new NodeError('NODE_STORE', `the checkpoint holds an unknown value tag ${tag}`);
    }
  }
}

const arrayPush = Array.prototype.push;

/** A container being read: what it still needs, and where its next child goes. */
class ReadFrame {
  /** The key of an object's next property (read before its value). */
  key = '';
  /** A Map's key read, waiting for its value. */
  private mapKey: unknown = undefined;
  private half = false;

  constructor(
    readonly kind: number,
    readonly out: object,
    /** Children (a Map's entries) still to read. */
    public left: number,
  ) {}

  /** Puts the next child in. */
  put(v: unknown): void {
    switch (this.kind) {
      case T.array:
        arrayPush.call(this.out, v);
        this.left--;
        return;
      case T.set:
        (this.out as Set<unknown>).add(v);
        this.left--;
        return;
      case T.map:
        if (this.half) {
          (this.out as Map<unknown, unknown>).set(this.mapKey, v);
          this.mapKey = undefined;
          this.half = false;
          this.left--;
        } else {
          this.mapKey = v;
          this.half = true;
        }
        return;
      default:
        Object.defineProperty(this.out, this.key, { value: v, writable: true, enumerable: true, configurable: true });
        this.left--;
    }
  }
}
