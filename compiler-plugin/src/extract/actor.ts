// The class walk of the extractor: finds `@actor` classes in a file and assembles each one's manifest.
import type { TypeRef } from '@sprocket/sdk';
import { ts } from 'ts-morph';
import type { ConstructorDef, Manifest, SourceLocation } from '../manifest/types.js';
import { BaseBindings } from './base-bindings.js';
import { checkClientFields } from './client-fields.js';
import { tsconfigWithoutLegacyDecorators } from './decorator-mode.js';
import { checkMemberDecorators, options, sdkDecorators, sdkResolves } from './decorators.js';
import { checkDroppedPromises } from './dropped-promise.js';
import type { FileHost } from './file-host.js';
import { warnAccessors, warnComputedNames, warnFunctionProperties, warnParameterDefaults } from './ignored-members.js';
import { declaredFieldsOf, docsOf, extractEvents, extractParams, extractReturn, typesReachableFrom } from './members.js';
import { checkModuleWrites } from './module-writes.js';
import { isWireIdentifier } from './names.js';
import { checkQueryWrites } from './query-writes.js';
import { isSdkFileName, resolveSymbol } from './resolve.js';
import { assembleServices, type PlacedFunction, readLayout } from './services.js';
import { stateFieldsOf } from './state-fields.js';
import { TypeMapper } from './type-mapper.js';
import { UNIT } from './wire-primitives.js';

/** Extracts the manifests of the `@actor` classes of one source file, reporting every problem through the host. */
export function extractFile(sf: ts.SourceFile, host: FileHost): Manifest[] {
  if (!sdkResolves(sf, host)) return [];
  const manifests: Manifest[] = [];
  const names = new Map<string, ts.Node>();
  const bases = basesExtendedIn(sf);
  for (const statement of sf.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    warnIfUndecorated(statement, bases, host);
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

/** What an actor class inherits: its events type argument and its user base classes up to `Actor`, nearest first. */
interface ActorBase {
  readonly events: ts.TypeNode | undefined;
  readonly bases: readonly ts.ClassDeclaration[];
}

/** Finds the `Actor` base through the extends chain, or undefined when the class does not reach it. */
function actorBase(cls: ts.ClassDeclaration, checker: ts.TypeChecker, depth = 0): ActorBase | undefined {
  if (depth > 16) return undefined;
  const heritage = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (heritage === undefined) return undefined;
  const expr = heritage.expression;
  const id = ts.isIdentifier(expr) ? expr : ts.isPropertyAccessExpression(expr) ? expr.name : undefined;
  const symbol = id && resolveSymbol(checker, id);
  const decl = symbol?.declarations?.find(ts.isClassDeclaration);
  if (symbol === undefined || decl === undefined) return undefined;
  if (symbol.name === 'Actor' && isSdkFileName(decl.getSourceFile().fileName)) return { events: heritage.typeArguments?.[0], bases: [] };
  const base = actorBase(decl, checker, depth + 1);
  if (base === undefined) return undefined;
  return { events: boundTypeArgument(base.events, decl, heritage), bases: [decl, ...base.bases] };
}

/**
 * The events of `class Base<E extends BaseEvents> extends Actor<E>` as the subclass binds them (`extends Base<MyEvents>`,
 * else the parameter's default); any other events type is concrete in the base and kept.
 */
function boundTypeArgument(
  events: ts.TypeNode | undefined,
  base: ts.ClassDeclaration,
  heritage: ts.ExpressionWithTypeArguments,
): ts.TypeNode | undefined {
  if (events === undefined || !ts.isTypeReferenceNode(events) || events.typeArguments !== undefined) return events;
  const name = events.typeName;
  if (!ts.isIdentifier(name)) return events;
  const i = base.typeParameters?.findIndex((p) => p.name.text === name.text) ?? -1;
  if (i < 0) return events;
  return heritage.typeArguments?.[i] ?? base.typeParameters?.[i]?.default ?? events;
}

/** Whether the class extends the sdk's `Actor` itself (its declared fields are then all its instance fields). */
function extendsActorDirectly(cls: ts.ClassDeclaration, checker: ts.TypeChecker): boolean {
  const expr = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  const id = expr === undefined ? undefined : ts.isIdentifier(expr) ? expr : ts.isPropertyAccessExpression(expr) ? expr.name : undefined;
  const symbol = id && resolveSymbol(checker, id);
  const decl = symbol?.declarations?.find(ts.isClassDeclaration);
  return symbol !== undefined && decl !== undefined && symbol.name === 'Actor' && isSdkFileName(decl.getSourceFile().fileName);
}

/** The names of the classes that classes of this file extend (a base class of actors is not one itself). */
function basesExtendedIn(sf: ts.SourceFile): ReadonlySet<string> {
  const out = new Set<string>();
  for (const statement of sf.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    const expr = statement.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (expr !== undefined && ts.isIdentifier(expr)) out.add(expr.text);
  }
  return out;
}

/**
 * Warns about a concrete class that extends `Actor` but has no `@actor()` (a forgotten decorator: no client, no IDL,
 * not deployable). Abstract classes and classes that another class of the file extends are bases, not contracts.
 */
function warnIfUndecorated(cls: ts.ClassDeclaration, bases: ReadonlySet<string>, host: FileHost): void {
  const name = cls.name?.text;
  if (name === undefined || bases.has(name)) return;
  if (cls.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) return;
  if (sdkDecorators(cls, host.checker).some((d) => d.name === 'actor')) return;
  if (actorBase(cls, host.checker) === undefined) return;
  host.warn(
    'SPK1029',
    cls.name ?? cls,
    `${name} extends Actor but has no @actor(): it is not a contract, so no client or IDL is generated for it`,
    `write @actor() above \`class ${name}\` (or make it \`abstract\` if it is only a base class)`,
  );
}

/**
 * `{ methodLength }` when the method's `Function.length` (its parameters before the first default value) differs
 * from its number of wire parameters, so the runtime can tell a default value from a parameter removed since `gen`.
 */
function lengthOf(method: ts.MethodDeclaration, arity: number): { methodLength?: number } {
  const declared = method.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
  const first = declared.findIndex((p) => p.initializer !== undefined || p.dotDotDotToken !== undefined);
  return first === -1 || first === arity ? {} : { methodLength: first };
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
  const members = checkMemberDecorators(cls, className, host, actorBase(cls, checker)?.bases);
  const actorDecorator = classDecorators.find((d) => d.name === 'actor');
  if (actorDecorator === undefined) return undefined;

  const tsconfig = tsconfigWithoutLegacyDecorators(sf.fileName);
  if (tsconfig !== undefined) {
    host.report(
      'SPK1030',
      actorDecorator.node,
      `${className}: ${host.relative(tsconfig)} does not enable legacy decorators, which the Sprocket decorators are (tsc fails on each with TS1241)`,
      `set "experimentalDecorators": true (and "useDefineForClassFields": false) under compilerOptions in ${host.relative(tsconfig)}`,
    );
  }
  const opts = options(
    actorDecorator,
    { name: 'string', exclusive: 'boolean', services: 'names', extends: 'name lists', events: 'name lists' },
    className,
    host,
  );
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

  const layout = readLayout(
    name ?? className,
    {
      services: opts.services as readonly string[] | undefined,
      extends: opts.extends as ReadonlyMap<string, readonly string[]> | undefined,
      events: opts.events as ReadonlyMap<string, readonly string[]> | undefined,
    },
    actorDecorator.node,
    className,
    host,
  );
  const mapper = new TypeMapper(checker, host.program, host.report, host.relative);
  const env = new BaseBindings([cls, ...(base?.bases ?? [])], className, (node, ctx) => mapper.map(node, ctx));
  const functions: PlacedFunction[] = [];
  const constructors: ConstructorDef[] = [];
  const ctorNodes: ts.Node[] = [];

  for (const c of members) {
    const params = extractParams(c, className, mapper, host, env);
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
        const returns = extractReturn(c, className, mapper, checker, env);
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
    let returns = extractReturn(c, className, mapper, checker, env);
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
    const service = c.service ?? layout.exposed[0] ?? '';
    if (!layout.known.has(service)) {
      host.report(
        'SPK1035',
        c.serviceNode ?? c.method.name,
        `${className}.${c.name}: service ${service} is not one of the program's services (${[...layout.known].join(', ')})`,
        "list it in @actor({ services: [...] }) or in @actor({ extends: { Derived: ['Base'] } })",
      );
    }
    const dup = functions.find(
      (f) => f.service === service && f.overrides === c.overrides && f.fn.name.toLowerCase() === c.route.toLowerCase(),
    );
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
        ...lengthOf(c.method, params.length),
        ...(docs ? { docs } : {}),
        location,
      },
      routeNode: c.routeNode,
      service,
      ...(c.entryId === undefined ? {} : { entryId: c.entryId }),
      ...(c.overrides === undefined ? {} : { overrides: c.overrides }),
    });
  }

  checkDroppedPromises(cls, className, checker, host.report);
  checkQueryWrites(members, className, checker, host.warn);
  checkModuleWrites(cls, className, checker, host.warn);
  checkClientFields(cls, className, checker, host.report);
  warnAccessors([cls, ...(base?.bases ?? [])], className, host);
  warnComputedNames([cls, ...(base?.bases ?? [])], className, host);
  warnFunctionProperties([cls, ...(base?.bases ?? [])], className, host);
  warnParameterDefaults(members, className, host);
  const events = base === undefined ? [] : extractEvents(base.events, className, mapper, host, env);
  const types = mapper.types();
  if (host.errorCount() > errorsBefore || name === undefined || base === undefined) return undefined;

  const classDocs = docsOf(cls);
  const docs = classDocs ? { docs: classDocs } : {};
  // Sails IDL scoping: the program block and each service see only their own types, so the types the constructors
  // use go into the program and the types the functions and events use into the services (both, when both use one).
  const programTypes = typesReachableFrom(
    constructors.flatMap((c) => [...c.params.map((p) => p.type), ...(c.throws === undefined ? [] : [c.throws])]),
    types,
  );
  const unknownEvent = events.find((e) => !layout.known.has(layout.eventService.get(e.name) ?? layout.exposed[0] ?? ''));
  const strayEvent = [...layout.eventService.keys()].find((n) => !events.some((e) => e.name === n));
  if (strayEvent !== undefined || unknownEvent !== undefined) {
    host.report(
      'SPK1035',
      actorDecorator.node,
      `${className}: @actor({ events }) names the event ${strayEvent ?? unknownEvent?.name}, which the events type does not declare`,
      `declare it in the events interface of Actor<Events>, or remove it from @actor({ events })`,
    );
    return undefined;
  }
  const { services, exports } = assembleServices(layout, {
    functions,
    events,
    types,
    programTypes,
    ...docs,
    report: (node, message, fix) => host.report('SPK1035', node, `${className}.${message}`, fix),
  });
  if (host.errorCount() > errorsBefore) return undefined;
  return {
    version: 1,
    source: host.relative(sf.fileName),
    program: { name, constructors, services: exports, types: programTypes, ...docs },
    services,
    actor: {
      className,
      exclusive,
      ...stateFieldsOf(cls, host.checker),
      ...(extendsActorDirectly(cls, host.checker) ? declaredFieldsOf(cls) : {}),
    },
  };
}
