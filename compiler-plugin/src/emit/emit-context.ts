// The state one `*.gen.ts` module accumulates while it is emitted: the sdk names its text uses, the shared type
// table, and the module-level constants (type refs, message headers, definition entries) other parts refer to by
// name, and the names each service's generated code uses. The parts that emit into it (message constants, client
// classes, schema and codec exports) see it through the narrow `EmitContext` interface.
import type { TypeDef, TypeRef } from '@sprocket/sdk';
import type { EventDef, FunctionDef } from '../manifest/types.js';
import { CodecGen } from './codec-gen.js';
import type { ModelService } from './model.js';
import { byteList } from './names.js';
import { SchemaGen } from './schema-gen.js';

/** Records an sdk type name the generated text uses; returns the name. */
export interface TypeImporter {
  /** Records `name` as a type import of the module; returns it. */
  t(name: string): string;
}

/** The names one service's generated code uses: its constants, client class, events interface and client property. */
export interface ServiceNames {
  readonly svc: ModelService;
  /** Index in the program. */
  readonly index: number;
  /** `$svc0` */
  readonly constName: string;
  /** Class holding the methods (the main client for a single-service program). */
  readonly className: string;
  /** Events interface name. */
  readonly eventsName: string;
  /** Property on the main client (multi-service programs). */
  readonly prop: string;
  readonly fnConsts: Map<FunctionDef, string>;
  readonly evConsts: Map<EventDef, string>;
  /** The client method of each function of `fnConsts`, unique in the service's client class. */
  readonly methods: Map<FunctionDef, string>;
}

/** What the parts of the emitter share: import tracking, codec and schema generators, module-level constants. */
export interface EmitContext extends TypeImporter {
  /** The straight-line codec generator of the module. */
  readonly codecs: CodecGen;
  /** The TypeBox schema generator of the module. */
  readonly schemas: SchemaGen;
  /** Records `name` as a value import of the module; returns it. */
  v(name: string): string;
  /** The module constant (`$rN`) holding a TypeRef as data. */
  ref(ref: TypeRef): string;
  /** The module constant (`$hN`) holding the 16-byte message header of an entry. */
  header(interfaceId: string, entryId: number, route: number): string;
  /** The module constant holding a message buffer of `size` bytes that starts with `header` (a `$hN`), for `ScaleWriter.beginWith`. */
  template(header: string, size: number): string;
  /** Adds a definition constant (function, event, service or constructor entry) to the module. */
  addDef(text: string): void;
}

/** The emit state of one module; the module assembly reads the collected lines back. */
export class ModuleContext implements EmitContext {
  /** sdk values the text may name (filtered by use when imports are written). */
  readonly values = new Set<string>();
  /** sdk types the text may name (filtered by use when imports are written). */
  readonly typeImports = new Set<string>();
  /** The named types of every manifest of the module, first definition of a name wins. */
  readonly types = new Map<string, TypeDef>();
  readonly codecs: CodecGen;
  readonly schemas: SchemaGen;
  /** `const $hN = …` lines. */
  readonly headers: string[] = [];
  /** `const $rN = …` lines. */
  readonly refLines: string[] = [];
  /** Definition constants in the order they were added. */
  readonly defs: string[] = [];
  private readonly headerNames = new Map<string, string>();
  private readonly templateNames = new Set<string>();
  private readonly refs = new Map<string, string>();

  constructor(types: Iterable<[string, TypeDef]>) {
    for (const [name, def] of types) if (!this.types.has(name)) this.types.set(name, def);
    this.codecs = new CodecGen(this.types);
    this.schemas = new SchemaGen(this.codecs);
  }

  v(name: string): string {
    this.values.add(name);
    return name;
  }

  t(name: string): string {
    this.typeImports.add(name);
    return name;
  }

  ref(ref: TypeRef): string {
    const json = JSON.stringify(ref);
    let name = this.refs.get(json);
    if (name === undefined) {
      name = `$r${this.refs.size}`;
      this.refs.set(json, name);
      this.refLines.push(`const ${name}: ${this.t('TypeRef')} = ${json};`);
    }
    return name;
  }

  header(interfaceId: string, entryId: number, route: number): string {
    const bytes = new Uint8Array(16);
    bytes.set([0x47, 0x4d, 0x01, 0x10]);
    for (let i = 0; i < 8; i++) bytes[4 + i] = Number.parseInt(interfaceId.slice(2 + 2 * i, 4 + 2 * i), 16);
    bytes[12] = entryId & 0xff;
    bytes[13] = (entryId >> 8) & 0xff;
    bytes[14] = route;
    const list = byteList(bytes);
    const known = this.headerNames.get(list);
    if (known !== undefined) return known;
    const name = `$h${this.headerNames.size}`;
    this.headerNames.set(list, name);
    this.headers.push(`const ${name} = new Uint8Array([${list}]);`);
    return name;
  }

  template(header: string, size: number): string {
    const name = `${header}s${size}`;
    if (!this.templateNames.has(name)) {
      this.templateNames.add(name);
      this.headers.push(`const ${name} = ${this.v('ScaleWriter')}.template(${header}, ${size});`);
    }
    return name;
  }

  addDef(text: string): void {
    this.defs.push(text);
  }
}
