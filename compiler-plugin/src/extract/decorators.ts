// Decorator discovery on actor classes: resolving the sdk decorators, reading their options, checking their placement.
import { ts } from 'ts-morph';
import type { FileHost } from './file-host.js';
import { isWireIdentifier, routeName } from './names.js';
import { isSdkFileName, propertyNameText, resolveSymbol } from './resolve.js';

type DecoratorName = 'actor' | 'init' | 'query' | 'handler';
const DECORATOR_NAMES: ReadonlySet<string> = new Set<DecoratorName>(['actor', 'init', 'query', 'handler']);
const METHOD_DECORATORS: ReadonlySet<string> = new Set<DecoratorName>(['init', 'query', 'handler']);

/** An sdk decorator found on a node, with its call expression when it is called. */
export interface FoundDecorator {
  readonly name: DecoratorName;
  readonly node: ts.Decorator;
  readonly call: ts.CallExpression | undefined;
}

/** The options a decorator accepts and the literal kind of each. */
export type OptionSpec = Readonly<Record<string, 'string' | 'boolean' | 'u16' | 'names' | 'name lists'>>;
/** Option values: `names` is an array of string literals, `name lists` an object literal of such arrays. */
type OptionValues = Record<string, string | boolean | number | readonly string[] | ReadonlyMap<string, readonly string[]>>;

/** A method carrying a handler decorator, with its route and options. */
export interface Candidate {
  readonly method: ts.MethodDeclaration;
  readonly name: string;
  readonly kind: 'command' | 'query' | 'init';
  readonly route: string;
  readonly routeNode: ts.Node;
  readonly payable: boolean;
  /** `@handler({ service: 'Name' })`: the service of a program with several (undefined: the program's first service). */
  readonly service?: string;
  readonly serviceNode?: ts.Node;
  /** `@handler({ entryId: 3 })`: an explicit entry id (Sails `#[export(entry_id = 3)]`, IDL `@entry_id: 3`). */
  readonly entryId?: number;
  /** `@handler({ overrides: 'Base' })`: replaces the base service's function of the same route on this service's route. */
  readonly overrides?: string;
  /** `@handler({ throws: true })`: the `Result<T, E>` return becomes `-> T throws E` (Sails `#[export(unwrap_result)]`). */
  readonly throws: boolean;
}

/** Reports an import of @sprocket/sdk that does not resolve (everything else would fail after it). */
export function sdkResolves(sf: ts.SourceFile, host: FileHost): boolean {
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

/** The @sprocket/sdk decorators (`@actor`, `@init`, `@query`, `@handler`) on a node, resolved through imports. */
export function sdkDecorators(node: ts.Node, checker: ts.TypeChecker): FoundDecorator[] {
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

/** Reads the literal options object of a decorator call against its spec, reporting anything else. */
export function options(dec: FoundDecorator, spec: OptionSpec, owner: string, host: FileHost): OptionValues {
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
    else if (type === 'u16' && ts.isNumericLiteral(value) && /^\d+$/.test(value.text) && Number(value.text) <= 0xffff)
      out[key] = Number(value.text);
    else if (type === 'names' && stringList(value) !== undefined) out[key] = stringList(value) as readonly string[];
    else if (type === 'name lists' && stringLists(value) !== undefined)
      out[key] = stringLists(value) as ReadonlyMap<string, readonly string[]>;
    else {
      host.report(
        'SPK1018',
        value,
        `${owner}: ${label} option \`${key}\` must be ${OPTION_KINDS[type]} (the generator reads it without running code)`,
        type === 'string'
          ? `write ${key}: 'Name'`
          : type === 'u16'
            ? `write ${key}: 3 (an integer from 0 to 65535)`
            : type === 'names'
              ? `write ${key}: ['A', 'B']`
              : type === 'name lists'
                ? `write ${key}: { A: ['B', 'C'] }`
                : `write ${key}: true or ${key}: false`,
      );
    }
  }
  return out;
}

const OPTION_KINDS = {
  string: 'a string literal',
  boolean: 'a boolean literal',
  u16: 'an integer literal from 0 to 65535',
  names: 'an array of string literals',
  'name lists': 'an object literal of arrays of string literals',
} as const;

/** The strings of an array literal of string literals, or undefined when it is anything else. */
function stringList(node: ts.Expression): string[] | undefined {
  if (!ts.isArrayLiteralExpression(node)) return undefined;
  const out: string[] = [];
  for (const el of node.elements) {
    if (!ts.isStringLiteral(el) && !ts.isNoSubstitutionTemplateLiteral(el)) return undefined;
    out.push(el.text);
  }
  return out;
}

/** An object literal of string-literal arrays (`{ Dog: ['Mammal'] }`) as a map, or undefined when it is anything else. */
function stringLists(node: ts.Expression): Map<string, string[]> | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const out = new Map<string, string[]>();
  for (const prop of node.properties) {
    const key = ts.isPropertyAssignment(prop) ? propertyNameText(prop.name) : undefined;
    const list = key !== undefined && ts.isPropertyAssignment(prop) ? stringList(prop.initializer) : undefined;
    if (key === undefined || list === undefined) return undefined;
    out.set(key, list);
  }
  return out;
}

/**
 * The name of a class member (`constructor` for the constructor). A computed name is the string TypeScript knows it
 * to be (`['add']`, `` [`add`] ``, `[ADD]` with `const ADD = 'add'`): the property the method is at run time, so
 * a route like a plain name. Undefined when the name is a symbol or a string known only at run time.
 */
export function memberName(member: ts.ClassElement, checker?: ts.TypeChecker): string | undefined {
  const name = member.name;
  if (name === undefined) return member.kind === ts.SyntaxKind.Constructor ? 'constructor' : undefined;
  if (ts.isPrivateIdentifier(name)) return name.text;
  if (!ts.isComputedPropertyName(name)) return propertyNameText(name);
  const expr = name.expression;
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  const type = checker?.getTypeAtLocation(expr);
  return type?.isStringLiteral() ? type.value : undefined;
}

/** Whether a class member is public (not private, protected, `#private` or starting with `_`). */
export function isPublic(member: ts.ClassElement, checker?: ts.TypeChecker): boolean {
  if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) return false;
  const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  const name = memberName(member, checker);
  return name === undefined || !name.startsWith('_');
}

/** The members of `cls`, then those of each base that no nearer class declares (an override, an implemented abstract). */
function withInherited(cls: ts.ClassDeclaration, bases: readonly ts.ClassDeclaration[], checker: ts.TypeChecker): ts.ClassElement[] {
  const out: ts.ClassElement[] = [];
  const declared = new Set<string>();
  for (const owner of [cls, ...bases]) {
    const own: string[] = [];
    for (const member of owner.members) {
      const name = memberName(member, checker);
      if (owner !== cls && (name === 'constructor' || (name !== undefined && declared.has(name)))) continue;
      if (name !== undefined) own.push(name);
      out.push(member);
    }
    for (const name of own) declared.add(name);
  }
  return out;
}

/** Whether a class member is static. */
export function isStatic(member: ts.ClassElement): boolean {
  return (ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
}

/**
 * Checks decorator placement on every member and returns the handler candidates in declaration order: the class's
 * own, then those it inherits from `bases` (its user base classes, nearest first) that no nearer class redeclares.
 * An inherited public method is reached at run time through the prototype like an own one, so it is a route too.
 */
export function checkMemberDecorators(
  cls: ts.ClassDeclaration,
  className: string,
  host: FileHost,
  bases: readonly ts.ClassDeclaration[] = [],
): Candidate[] {
  const out: Candidate[] = [];
  const overloaded = new Set<string>();
  for (const member of withInherited(cls, bases, host.checker)) {
    const decs = sdkDecorators(member, host.checker);
    const name = memberName(member, host.checker);
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
    const isHandler = isPublic(member, host.checker) && !isStatic(member) && name !== undefined;
    if (!isHandler) {
      const why = isStatic(member)
        ? 'static'
        : name === undefined
          ? 'named by a symbol or a string known only at run time'
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
      if (member.questionToken !== undefined) {
        // `add?(n: u32): u32;` declares a method that may not exist: no body runs for the route.
        overloaded.add(name);
        host.report(
          'SPK1022',
          member.name,
          `${label}: an optional method without a body is no handler (nothing runs for its route)`,
          `give it a body: \`${name}(…) { … }\`, or remove it`,
        );
      } else if (!overloaded.has(name) && !member.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) {
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
    let route = routeName(name);
    let routeNode: ts.Node = member.name;
    let payable = false;
    let throws = false;
    let service: string | undefined;
    let serviceNode: ts.Node | undefined;
    let entryId: number | undefined;
    let overrides: string | undefined;
    for (const dec of methodDecs) {
      const spec: OptionSpec =
        dec.name === 'handler'
          ? { route: 'string', payable: 'boolean', throws: 'boolean', service: 'string', entryId: 'u16', overrides: 'string' }
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
      if (typeof opts.service === 'string') {
        service = opts.service;
        serviceNode = dec.node;
      }
      if (typeof opts.entryId === 'number') entryId = opts.entryId;
      if (typeof opts.overrides === 'string') overrides = opts.overrides;
    }
    // Without a route option the route is the method name, which can be a string literal or non-ASCII: the IDL
    // would then hold a function name that Sails (and our parser) cannot read back.
    if (routeNode === member.name && !isWireIdentifier(route)) {
      host.report(
        'SPK1024',
        member.name,
        `${label}: route '${route}' (from the method name) is not an identifier`,
        `rename the method to an ASCII identifier, or name the route: @handler({ route: 'AddOne' })`,
      );
    }
    out.push({
      method: member,
      name,
      kind: isInit ? 'init' : isQuery ? 'query' : 'command',
      route,
      routeNode,
      payable,
      throws,
      ...(service === undefined ? {} : { service, serviceNode }),
      ...(entryId === undefined ? {} : { entryId }),
      ...(overrides === undefined ? {} : { overrides }),
    });
  }
  return out;
}
