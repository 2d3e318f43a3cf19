import type { FieldDef, TypeDef, TypeRef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import { defaultEventEntryIds, defaultFunctionEntryIds } from '../idl/entry-ids.js';
import type {
  ConstructorDef,
  EventDef,
  FunctionDef,
  Manifest,
  ParamDef,
  ServiceDef,
  SourceLocation,
  StateFieldDef,
} from '../manifest/types.js';
import { checkDroppedPromises } from './dropped-promise.js';
import { interfaceIdOf, UNKNOWN_INTERFACE_ID } from './interface-id.js';
import { isWireIdentifier, pascalCase } from './names.js';
import { isSdkFileName, propertyNameText, resolveSymbol, unwrapParens } from './resolve.js';
import { type MapContext, type Report, rootContext, TypeMapper, UNIT } from './type-mapper.js';

/** What extracting one file needs from its surroundings. */
export interface FileHost {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  /** The file name as written in manifests and diagnostics (relative to the root, `/` separators). */
  relative(fileName: string): string;
  readonly report: Report;
  /** How many diagnostics were reported so far (to tell whether an actor is clean). */
  errorCount(): number;
}

type DecoratorName = 'actor' | 'init' | 'query' | 'handler';
const DECORATOR_NAMES: ReadonlySet<string> = new Set<DecoratorName>(['actor', 'init', 'query', 'handler']);
const METHOD_DECORATORS: ReadonlySet<string> = new Set<DecoratorName>(['init', 'query', 'handler']);

interface FoundDecorator {
  readonly name: DecoratorName;
  readonly node: ts.Decorator;
  readonly call: ts.CallExpression | undefined;
}

type OptionSpec = Readonly<Record<string, 'string' | 'boolean'>>;
type OptionValues = Record<string, string | boolean>;

interface Candidate {
  readonly method: ts.MethodDeclaration;
  readonly name: string;
  readonly kind: 'command' | 'query' | 'init';
  readonly route: string;
  readonly routeNode: ts.Node;
  readonly payable: boolean;
  /** `@handler({ throws: true })`: the `Result<T, E>` return becomes `-> T throws E` (Sails `#[export(unwrap_result)]`). */
  readonly throws: boolean;
}

/** Extracts the manifests of the `@actor` classes of one source file, reporting every problem through the host. */
export function extractFile(sf: ts.SourceFile, host: FileHost): Manifest[] {
  if (!sdkResolves(sf, host)) return [];
  const manifests: Manifest[] = [];
  const names = new Map<string, ts.Node>();
  for (const statement of sf.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    const manifest = extractClass(statement, sf, host);
    if (manifest === undefined) continue;
    const name = manifest.program?.name ?? '';
    const previous = names.get(name);
    if (previous !== undefined) {
      host.report(
        'SPK1023',
        statement.name ?? statement,
        `actor ${name}: another actor in this file has the same name`,
        "rename one with @actor({ name: 'Other' })",
      );
      continue;
    }
    names.set(name, statement);
    manifests.push(manifest);
  }
  return manifests;
}

/** Reports an import of @sprocket/sdk that does not resolve (everything else would fail after it). */
function sdkResolves(sf: ts.SourceFile, host: FileHost): boolean {
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (statement.moduleSpecifier.text !== '@sprocket/sdk') continue;
    if (host.checker.getSymbolAtLocation(statement.moduleSpecifier) === undefined) {
      host.report(
        'SPK1000',
        statement.moduleSpecifier,
        `${host.relative(sf.fileName)}: cannot resolve '@sprocket/sdk'`,
        'install @sprocket/sdk (npm install @sprocket/sdk) and use moduleResolution NodeNext or Bundler',
      );
      return false;
    }
  }
  return true;
}

function sdkDecorators(node: ts.Node, checker: ts.TypeChecker): FoundDecorator[] {
  if (!ts.canHaveDecorators(node)) return [];
  const out: FoundDecorator[] = [];
  for (const dec of ts.getDecorators(node) ?? []) {
    let expr = dec.expression;
    let call: ts.CallExpression | undefined;
    if (ts.isCallExpression(expr)) {
      call = expr;
      expr = expr.expression;
    }
    const id = ts.isIdentifier(expr) ? expr : ts.isPropertyAccessExpression(expr) ? expr.name : undefined;
    if (id === undefined) continue;
    const symbol = resolveSymbol(checker, id);
    const decl = symbol?.declarations?.[0];
    if (symbol === undefined || decl === undefined || !isSdkFileName(decl.getSourceFile().fileName) || !DECORATOR_NAMES.has(symbol.name))
      continue;
    out.push({ name: symbol.name as DecoratorName, node: dec, call });
  }
  return out;
}

function options(dec: FoundDecorator, spec: OptionSpec, owner: string, host: FileHost): OptionValues {
  const out: OptionValues = {};
  const label = `@${dec.name}()`;
  if (dec.call === undefined) {
    host.report('SPK1018', dec.node, `${owner}: @${dec.name} must be called`, `write ${label}`);
    return out;
  }
  const args = dec.call.arguments;
  const arg = args[0];
  if (arg === undefined) return out;
  const allowed = Object.keys(spec);
  if (args.length > 1 || allowed.length === 0) {
    const fix =
      allowed.length === 0
        ? `write ${label} without arguments`
        : `pass one object literal: @${dec.name}({ ${allowed.map((k) => `${k}: ...`).join(', ')} })`;
    host.report(
      'SPK1018',
      args[allowed.length === 0 ? 0 : 1] ?? arg,
      `${owner}: ${label} takes ${allowed.length === 0 ? 'no arguments' : 'one options object'}`,
      fix,
    );
    return out;
  }
  if (!ts.isObjectLiteralExpression(arg)) {
    host.report(
      'SPK1018',
      arg,
      `${owner}: the options of ${label} must be an object literal (the generator reads them without running code)`,
      `write @${dec.name}({ ${allowed.map((k) => `${k}: ...`).join(', ')} })`,
    );
    return out;
  }
  for (const prop of arg.properties) {
    const key = ts.isPropertyAssignment(prop) ? propertyNameText(prop.name) : undefined;
    if (!ts.isPropertyAssignment(prop) || key === undefined) {
      host.report(
        'SPK1018',
        prop,
        `${owner}: ${label} options must be written as \`key: literal\``,
        `write @${dec.name}({ ${allowed.map((k) => `${k}: ...`).join(', ')} })`,
      );
      continue;
    }
    const type = spec[key];
    if (type === undefined) {
      host.report('SPK1018', prop.name, `${owner}: ${label} has no option \`${key}\``, `use ${allowed.join(' or ')}`);
      continue;
    }
    const value = prop.initializer;
    if (type === 'string' && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value))) out[key] = value.text;
    else if (type === 'boolean' && value.kind === ts.SyntaxKind.TrueKeyword) out[key] = true;
    else if (type === 'boolean' && value.kind === ts.SyntaxKind.FalseKeyword) out[key] = false;
    else {
      host.report(
        'SPK1018',
        value,
        `${owner}: ${label} option \`${key}\` must be a ${type} literal (the generator reads it without running code)`,
        type === 'string' ? `write ${key}: 'Name'` : `write ${key}: true or ${key}: false`,
      );
    }
  }
  return out;
}

function memberName(member: ts.ClassElement): string | undefined {
  const name = member.name;
  if (name === undefined) return member.kind === ts.SyntaxKind.Constructor ? 'constructor' : undefined;
  if (ts.isPrivateIdentifier(name)) return name.text;
  return propertyNameText(name);
}

function isPublic(member: ts.ClassElement): boolean {
  if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) return false;
  const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  const name = memberName(member);
  return name === undefined || !name.startsWith('_');
}

function isStatic(member: ts.ClassElement): boolean {
  return (ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
}

/** Finds the `Actor` base through the extends chain and returns the events type argument (or null when none). */
function actorBase(cls: ts.ClassDeclaration, checker: ts.TypeChecker, depth = 0): { events: ts.TypeNode | undefined } | undefined {
  if (depth > 16) return undefined;
  const heritage = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (heritage === undefined) return undefined;
  const expr = heritage.expression;
  const id = ts.isIdentifier(expr) ? expr : ts.isPropertyAccessExpression(expr) ? expr.name : undefined;
  const symbol = id && resolveSymbol(checker, id);
  const decl = symbol?.declarations?.find(ts.isClassDeclaration);
  if (symbol === undefined || decl === undefined) return undefined;
  if (symbol.name === 'Actor' && isSdkFileName(decl.getSourceFile().fileName)) return { events: heritage.typeArguments?.[0] };
  const base = actorBase(decl, checker, depth + 1);
  // Events declared on an intermediate user class are only readable when they are concrete there.
  return base;
}

function locationOf(node: ts.Node, host: FileHost): SourceLocation {
  const sf = node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { file: host.relative(sf.fileName), line: line + 1, column: character + 1 };
}

function extractClass(cls: ts.ClassDeclaration, sf: ts.SourceFile, host: FileHost): Manifest | undefined {
  const { checker } = host;
  const errorsBefore = host.errorCount();
  const className = cls.name?.text ?? 'default';
  const classDecorators = sdkDecorators(cls, checker);
  for (const dec of classDecorators) {
    if (dec.name !== 'actor') {
      host.report(
        'SPK1012',
        dec.node,
        `${className}: @${dec.name}() decorates methods, not classes`,
        `move @${dec.name}() onto a public method`,
      );
    }
  }
  const members = checkMemberDecorators(cls, className, host);
  const actorDecorator = classDecorators.find((d) => d.name === 'actor');
  if (actorDecorator === undefined) return undefined;

  const opts = options(actorDecorator, { name: 'string', exclusive: 'boolean' }, className, host);
  const name = typeof opts.name === 'string' ? opts.name : cls.name?.text;
  if (name === undefined) {
    host.report(
      'SPK1024',
      actorDecorator.node,
      'an anonymous @actor class has no name',
      "name the class, or pass @actor({ name: 'Name' })",
    );
  } else if (!isWireIdentifier(name)) {
    host.report('SPK1024', actorDecorator.node, `${className}: actor name '${name}' is not an identifier`, 'use an ASCII identifier');
  }
  const exclusive = opts.exclusive === true;
  const base = actorBase(cls, checker);
  if (base === undefined) {
    host.report(
      'SPK1013',
      cls.name ?? actorDecorator.node,
      `${className}: an @actor class must extend Actor from @sprocket/sdk`,
      `write \`class ${className} extends Actor<${className}Events>\` (import { Actor } from '@sprocket/sdk')`,
    );
  }

  const mapper = new TypeMapper(checker, host.program, host.report, host.relative);
  const functions: { fn: Omit<FunctionDef, 'entryId'>; routeNode: ts.Node }[] = [];
  const constructors: ConstructorDef[] = [];
  const ctorNodes: ts.Node[] = [];

  for (const c of members) {
    const params = extractParams(c, className, mapper, host);
    const docs = docsOf(c.method);
    const location = locationOf(c.method.name, host);
    if (c.kind === 'init') {
      const dup = constructors.findIndex((k) => k.name.toLowerCase() === c.route.toLowerCase());
      if (dup >= 0) {
        host.report(
          'SPK1011',
          c.routeNode,
          `${className}.${c.name}: constructor ${c.route} clashes with constructor ${constructors[dup]?.name} (${constructors[dup]?.method})`,
          "rename one, or set another name with @handler({ route: 'Other' })",
        );
      }
      // `@init({ throws: true })`: the method returns `Result<void, E>` and the IDL says `New(…) throws E` (Sails'
      // `fn new(…) -> Result<Self, E>`); `err(e)` fails the init with e as its typed error payload.
      let ctorThrows: TypeRef | undefined;
      if (c.throws) {
        const returns = extractReturn(c, className, mapper, checker);
        if (returns?.kind === 'result' && returns.ok.kind === 'tuple' && returns.ok.items.length === 0) ctorThrows = returns.err;
        else if (returns !== undefined)
          host.report(
            'SPK1027',
            c.method.name,
            `${className}.${c.name}: @init({ throws: true }) needs a constructor that returns Result<void, E>`,
            'return `ok(undefined)` / `err(error)` with the return type `Result<void, E>`, or remove `throws: true`',
          );
      }
      constructors.push({
        name: c.route,
        method: c.name,
        params,
        entryId: constructors.length,
        ...(ctorThrows === undefined ? {} : { throws: ctorThrows }),
        ...(docs ? { docs } : {}),
        location,
      });
      ctorNodes.push(c.method);
      continue;
    }
    let returns = extractReturn(c, className, mapper, checker);
    let throws: TypeRef | undefined;
    if (c.throws && returns !== undefined) {
      if (returns.kind === 'result') {
        throws = returns.err;
        returns = returns.ok;
      } else {
        host.report(
          'SPK1027',
          c.method.name,
          `${className}.${c.name}: @handler({ throws: true }) needs a method that returns Result<T, E>`,
          'return `ok(value)` / `err(error)` with the return type `Result<T, E>`, or remove `throws: true`',
        );
      }
    }
    const dup = functions.find((f) => f.fn.name.toLowerCase() === c.route.toLowerCase());
    if (dup !== undefined) {
      const how = dup.fn.name === c.route ? 'is already used by' : 'differs only in case from the route of';
      host.report(
        'SPK1011',
        c.routeNode,
        `${className}.${c.name}: route ${c.route} ${how} ${className}.${dup.fn.method} (line ${dup.fn.location?.line})`,
        "rename one of the methods, or give one another route with @handler({ route: 'Other' })",
      );
    }
    functions.push({
      fn: {
        name: c.route,
        method: c.name,
        kind: c.kind,
        params,
        returns: returns ?? UNIT,
        ...(throws === undefined ? {} : { throws }),
        payable: c.payable,
        ...(docs ? { docs } : {}),
        location,
      },
      routeNode: c.routeNode,
    });
  }

  checkDroppedPromises(cls, className, checker, host.report);
  const events = base === undefined ? [] : extractEvents(base.events, className, mapper, host);
  const types = mapper.types();
  if (host.errorCount() > errorsBefore || name === undefined || base === undefined) return undefined;

  const ids = defaultFunctionEntryIds(functions.map((f) => f.fn.name));
  const fns: FunctionDef[] = functions
    .map(({ fn }, i): FunctionDef => {
      const { name: route, method, kind, params, returns, throws, payable, docs: fnDocs, location } = fn;
      return {
        name: route,
        method,
        kind,
        params,
        returns,
        ...(throws === undefined ? {} : { throws }),
        entryId: ids[i] ?? i,
        payable,
        ...(fnDocs ? { docs: fnDocs } : {}),
        ...(location ? { location } : {}),
      };
    })
    .sort((a, b) => a.entryId - b.entryId);
  const classDocs = docsOf(cls);
  const docs = classDocs ? { docs: classDocs } : {};
  // Sails IDL scoping: the program block and each service see only their own types, so the types the constructors
  // use go into the program and the types the functions and events use into the service (both, when both use one).
  const programTypes = typesReachableFrom(
    constructors.flatMap((c) => [...c.params.map((p) => p.type), ...(c.throws === undefined ? [] : [c.throws])]),
    types,
  );
  const serviceRoots: TypeRef[] = [
    ...fns.flatMap((f) => [...f.params.map((p) => p.type), f.returns, ...(f.throws === undefined ? [] : [f.throws])]),
    ...events.flatMap((e) => e.fields.map((f) => f.type)),
  ];
  const reachable = typesReachableFrom(serviceRoots, types);
  // Types used by neither (declared for the client only) stay with the service, as before.
  const serviceTypes = types.filter((t) => reachable.includes(t) || !programTypes.includes(t));
  const service: ServiceDef = {
    name,
    interfaceId: UNKNOWN_INTERFACE_ID,
    extends: [],
    functions: fns,
    events,
    types: serviceTypes,
    ...docs,
  };
  const withId: ServiceDef = { ...service, interfaceId: interfaceIdOf(service, new Map()) };
  return {
    version: 1,
    source: host.relative(sf.fileName),
    program: { name, constructors, services: [{ name, service: name, route: 1 }], types: programTypes, ...docs },
    services: [withId],
    actor: { className, exclusive, ...stateFieldsOf(cls) },
  };
}

const INTEGER_TYPES: ReadonlySet<string> = new Set(['u8', 'u16', 'u32', 'u64', 'u128', 'u256', 'i8', 'i16', 'i32', 'i64', 'i128']);

/** Instance fields annotated with an integer wire type (`count: u32 = 0`), for the runtime's range check on commit. */
function stateFieldsOf(cls: ts.ClassDeclaration): { state?: StateFieldDef[] } {
  const state: StateFieldDef[] = [];
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name) || member.type === undefined) continue;
    if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const t = member.type;
    if (!ts.isTypeReferenceNode(t) || !ts.isIdentifier(t.typeName) || t.typeArguments !== undefined) continue;
    if (INTEGER_TYPES.has(t.typeName.text)) state.push({ name: member.name.text, type: t.typeName.text as StateFieldDef['type'] });
  }
  return state.length === 0 ? {} : { state };
}

/** The definitions in `types` that `roots` reference, directly or through other definitions, in `types` order. */
function typesReachableFrom(roots: readonly TypeRef[], types: readonly TypeDef[]): TypeDef[] {
  const byName = new Map(types.map((t) => [t.name, t] as const));
  const seen = new Set<string>();
  const visit = (ref: TypeRef): void => {
    switch (ref.kind) {
      case 'primitive':
      case 'param':
        break;
      case 'vec':
      case 'array':
        visit(ref.item);
        break;
      case 'tuple':
        for (const t of ref.items) visit(t);
        break;
      case 'option':
        visit(ref.some);
        break;
      case 'result':
        visit(ref.ok);
        visit(ref.err);
        break;
      case 'map':
        visit(ref.key);
        visit(ref.value);
        break;
      case 'compact':
        visit(ref.inner);
        break;
      case 'named': {
        for (const t of ref.args ?? []) visit(t);
        const def = byName.get(ref.name);
        if (def === undefined || seen.has(def.name)) break;
        seen.add(def.name);
        const fields = def.kind === 'struct' ? def.fields : def.variants.flatMap((v) => v.fields);
        for (const f of fields) visit(f.type);
        break;
      }
    }
  };
  for (const r of roots) visit(r);
  return types.filter((t) => seen.has(t.name));
}

/** Checks decorator placement on every member and returns the handler candidates in declaration order. */
function checkMemberDecorators(cls: ts.ClassDeclaration, className: string, host: FileHost): Candidate[] {
  const out: Candidate[] = [];
  const overloaded = new Set<string>();
  for (const member of cls.members) {
    const decs = sdkDecorators(member, host.checker);
    const name = memberName(member);
    const label = `${className}.${name ?? member.name?.getText() ?? '?'}`;
    for (const dec of decs) {
      if (dec.name === 'actor')
        host.report('SPK1012', dec.node, `${label}: @actor() decorates classes, not members`, 'move @actor() onto the class');
    }
    const methodDecs = decs.filter((d) => METHOD_DECORATORS.has(d.name));
    if (!ts.isMethodDeclaration(member)) {
      const what = ts.isPropertyDeclaration(member)
        ? 'a property'
        : ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)
          ? 'an accessor'
          : 'not a method';
      for (const dec of methodDecs) {
        host.report(
          'SPK1012',
          dec.node,
          `${label}: @${dec.name}() is on ${what}, not a method`,
          `declare ${name ?? 'it'} as a method: ${name ?? 'name'}(...): T { ... }`,
        );
      }
      for (const param of ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member) ? member.parameters : []) {
        for (const dec of sdkDecorators(param, host.checker))
          host.report('SPK1012', dec.node, `${label}: @${dec.name}() is on a parameter`, 'decorate the method instead');
      }
      continue;
    }
    const isHandler = isPublic(member) && !isStatic(member) && name !== undefined && !ts.isComputedPropertyName(member.name);
    if (!isHandler) {
      const why = isStatic(member)
        ? 'static'
        : name === undefined || ts.isComputedPropertyName(member.name)
          ? 'computed'
          : 'not public (private, protected, #private or starting with _)';
      for (const dec of methodDecs) {
        host.report(
          'SPK1012',
          dec.node,
          `${label}: @${dec.name}() is on a method that is ${why}, which is never a handler`,
          why === 'static' ? 'make it an instance method' : 'make it a public instance method with a plain name, or remove the decorator',
        );
      }
      continue;
    }
    if (overloaded.has(name)) continue;
    if (member.body === undefined) {
      if (!overloaded.has(name) && !member.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) {
        overloaded.add(name);
        host.report(
          'SPK1022',
          member.name,
          `${label}: overloaded handlers have no single wire signature`,
          'give each signature its own method',
        );
      }
      continue;
    }
    if (member.typeParameters !== undefined && member.typeParameters.length > 0) {
      host.report(
        'SPK1019',
        member.typeParameters[0] ?? member.name,
        `${label}: a generic handler has no wire form`,
        'use concrete types in handler signatures',
      );
      continue;
    }
    const isInit = methodDecs.some((d) => d.name === 'init');
    const isQuery = methodDecs.some((d) => d.name === 'query');
    if (isInit && isQuery) {
      const second = methodDecs.find((d) => d.name === 'query') ?? methodDecs[0]!;
      host.report('SPK1017', second.node, `${label}: a method cannot be both @init() and @query()`, 'remove one of the decorators');
    }
    let route = pascalCase(name);
    let routeNode: ts.Node = member.name;
    let payable = false;
    let throws = false;
    for (const dec of methodDecs) {
      const spec: OptionSpec =
        dec.name === 'handler'
          ? { route: 'string', payable: 'boolean', throws: 'boolean' }
          : dec.name === 'init'
            ? { throws: 'boolean' }
            : {};
      const opts = options(dec, spec, label, host);
      if (typeof opts.route === 'string') {
        route = opts.route;
        routeNode = dec.node;
        if (!isWireIdentifier(route))
          host.report('SPK1024', dec.node, `${label}: route '${route}' is not an identifier`, 'use an ASCII identifier, e.g. BalanceOf');
      }
      if (opts.payable === true) payable = true;
      if (opts.throws === true) throws = true;
    }
    out.push({ method: member, name, kind: isInit ? 'init' : isQuery ? 'query' : 'command', route, routeNode, payable, throws });
  }
  return out;
}

function extractParams(c: Candidate, className: string, mapper: TypeMapper, host: FileHost): ParamDef[] {
  const out: ParamDef[] = [];
  for (const p of c.method.parameters) {
    if (ts.isIdentifier(p.name) && p.name.text === 'this') continue;
    const pname = ts.isIdentifier(p.name) ? p.name.text : undefined;
    const label = `${className}.${c.name}(${pname ?? p.name.getText()})`;
    if (pname === undefined) {
      host.report(
        'SPK1021',
        p.name,
        `${label}: destructured parameters have no wire name`,
        'take a named parameter and destructure it in the body',
      );
      continue;
    }
    if (p.dotDotDotToken !== undefined) {
      host.report('SPK1021', p, `${label}: rest parameters have no wire form`, `take an array: ${pname}: T[]`);
      continue;
    }
    if (p.questionToken !== undefined) {
      host.report(
        'SPK1009',
        p,
        `${label}: optional parameter \`${pname}?\` has no wire form (undefined is not encodable)`,
        `write \`${pname}: T | null\` (Option<T>)`,
      );
      continue;
    }
    if (p.type === undefined) {
      host.report('SPK1020', p, `${label}: the parameter has no type annotation`, `annotate it, e.g. \`${pname}: u32\``);
      continue;
    }
    const type = mapper.map(p.type, rootContext(label, `${c.route}${pascalCase(pname)}`));
    if (type !== undefined) out.push({ name: pname, type });
  }
  return out;
}

function extractReturn(c: Candidate, className: string, mapper: TypeMapper, checker: ts.TypeChecker): TypeRef | undefined {
  const ctx: MapContext = rootContext(`${className}.${c.name}() return type`, `${c.route}Reply`);
  if (c.method.type !== undefined) return mapper.mapReturn(c.method.type, ctx);
  const signature = checker.getSignatureFromDeclaration(c.method);
  if (signature === undefined) return UNIT;
  return mapper.mapInferredReturn(checker.getReturnTypeOfSignature(signature), c.method.name, ctx);
}

function extractEvents(node: ts.TypeNode | undefined, className: string, mapper: TypeMapper, host: FileHost): EventDef[] {
  if (node === undefined) return [];
  const members = mapper.objectMembers(node);
  if (members === undefined) {
    host.report(
      'SPK1014',
      node,
      `${className}: the events \`${node.getText()}\` must be an interface or object type from event name to payload`,
      `declare \`interface ${className}Events { Added: u32; Reset: void }\` and extend Actor<${className}Events>`,
    );
    return [];
  }
  const out: EventDef[] = [];
  for (const { member, env } of members) {
    const name = propertyNameText(member.name);
    const label = `${className} event ${name ?? member.name?.getText() ?? '?'}`;
    if (!ts.isPropertySignature(member)) {
      host.report(
        'SPK1014',
        member,
        `${label}: events are properties from event name to payload type`,
        'write `Name: PayloadType` (void for no data)',
      );
      continue;
    }
    if (name === undefined || !isWireIdentifier(name)) {
      host.report('SPK1024', member.name, `${label}: the event name is not an identifier`, 'use an ASCII identifier');
      continue;
    }
    if (member.questionToken !== undefined) {
      host.report('SPK1014', member, `${label}: an event cannot be optional`, `write \`${name}: T\``);
      continue;
    }
    if (member.type === undefined) {
      host.report('SPK1020', member, `${label}: the event has no payload type`, `write \`${name}: void\` for an event without data`);
      continue;
    }
    const payload = unwrapParens(member.type);
    const base = rootContext(label, name);
    const ctx: MapContext = { ...base, env };
    let fields: FieldDef[] | undefined;
    if (
      payload.kind === ts.SyntaxKind.VoidKeyword ||
      payload.kind === ts.SyntaxKind.UndefinedKeyword ||
      (ts.isLiteralTypeNode(payload) && payload.literal.kind === ts.SyntaxKind.NullKeyword)
    ) {
      fields = [];
    } else if (mapper.isObjectShape(payload, env)) {
      fields = mapper.objectFields(payload, ctx);
    } else {
      const type = mapper.map(payload, { ...ctx, hint: `${name}Payload` });
      fields = type === undefined ? undefined : [{ type }];
    }
    const docs = docsOf(member);
    if (fields !== undefined) out.push({ name, fields, entryId: out.length, ...(docs ? { docs } : {}) });
  }
  // Entry ids (and the events' SCALE variant indexes) follow lowercase-name order, as the Sails `#[event]` macro sorts variants.
  const ids = defaultEventEntryIds(out.map((e) => e.name));
  return out.map((e, i) => ({ ...e, entryId: ids[i] ?? i }));
}

function docsOf(node: ts.Node): string[] | undefined {
  const jsDoc = (node as { jsDoc?: readonly ts.JSDoc[] }).jsDoc;
  const last = jsDoc?.[jsDoc.length - 1];
  if (last === undefined || last.comment === undefined) return undefined;
  const text = typeof last.comment === 'string' ? last.comment : ts.getTextOfJSDocComment(last.comment);
  if (text === undefined || text.trim() === '') return undefined;
  return text.split(/\r?\n/).map((l) => l.trimEnd());
}
