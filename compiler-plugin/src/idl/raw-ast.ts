/** A source position in the IDL text (1-based). */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/** A local annotation `@key` / `@key: value`. */
export interface RawAnnotation extends Pos {
  readonly key: string;
  readonly value?: string;
}

/** Doc lines and annotations that precede an item. */
export interface Leading {
  readonly docs: readonly string[];
  readonly annotations: readonly RawAnnotation[];
}

/** A type expression as written, before names are resolved. */
export type RawType =
  | ({ readonly k: 'named'; readonly name: string; readonly args: readonly RawType[] } & Pos)
  | ({ readonly k: 'vec'; readonly item: RawType } & Pos)
  | ({ readonly k: 'array'; readonly item: RawType; readonly length: number } & Pos)
  | ({ readonly k: 'tuple'; readonly items: readonly RawType[] } & Pos);

/** A struct field or variant field as written. */
export interface RawField extends Pos, Leading {
  readonly name?: string;
  readonly type: RawType;
}

/** An enum variant or event as written. */
export interface RawVariant extends Pos, Leading {
  readonly name: string;
  readonly fields: readonly RawField[];
}

/** A `struct`, `enum` or `alias` declaration as written. */
export type RawTypeDecl =
  | ({ readonly k: 'struct'; readonly name: string; readonly params: readonly string[]; readonly fields: readonly RawField[] } & Pos &
      Leading)
  | ({ readonly k: 'enum'; readonly name: string; readonly params: readonly string[]; readonly variants: readonly RawVariant[] } & Pos &
      Leading)
  | ({ readonly k: 'alias'; readonly name: string; readonly params: readonly string[]; readonly target: RawType } & Pos & Leading);

/** A parameter `name: Type`. */
export interface RawParam extends Pos {
  readonly name: string;
  readonly type: RawType;
}

/** A service function as written. */
export interface RawFunction extends Pos, Leading {
  readonly name: string;
  readonly params: readonly RawParam[];
  readonly returns?: RawType;
  readonly throws?: RawType;
}

/** `Name` or `Name@0x…`. */
export interface RawServiceIdent extends Pos {
  readonly name: string;
  readonly id?: string;
}

/** A `service` block as written. */
export interface RawService extends Pos, Leading {
  readonly ident: RawServiceIdent;
  readonly extends: readonly RawServiceIdent[];
  readonly events: readonly RawVariant[];
  readonly functions: readonly RawFunction[];
  readonly types: readonly RawTypeDecl[];
}

/** A constructor as written. */
export interface RawConstructor extends Pos, Leading {
  readonly name: string;
  readonly params: readonly RawParam[];
  readonly throws?: RawType;
}

/** An entry of a program's `services` block: `Service@0x…` or `Service@0x…: Route`. */
export interface RawServiceExport extends Pos, Leading {
  readonly ident: RawServiceIdent;
  readonly route?: string;
}

/** A `program` block as written. */
export interface RawProgram extends Pos, Leading {
  readonly name: string;
  readonly constructors: readonly RawConstructor[];
  readonly services: readonly RawServiceExport[];
  readonly types: readonly RawTypeDecl[];
}

/** A whole IDL document as written. */
export interface RawDocument {
  readonly globals: readonly RawAnnotation[];
  readonly services: readonly RawService[];
  readonly program?: RawProgram;
}
