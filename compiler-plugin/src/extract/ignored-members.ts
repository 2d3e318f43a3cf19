// Warnings about what an actor class declares but the wire never reaches: public accessors (SPK1033) and methods
// named by a symbol or a run-time string (SPK1039), which are no routes, and default values of handler parameters
// (SPK1034), which never apply because every call carries every argument. All compile and run, so they are
// warnings, like SPK1029's class that is not a contract.
import { ts } from 'ts-morph';
import type { Candidate } from './decorators.js';
import { isPublic, isStatic, memberName, sdkDecorators } from './decorators.js';
import type { FileHost } from './file-host.js';
import { routeName } from './names.js';

/** Warns about each public instance `get`/`set` accessor of an actor class or a base it extends: no message reaches it. */
export function warnAccessors(classes: readonly ts.ClassDeclaration[], className: string, host: FileHost): void {
  for (const member of classes.flatMap((c) => c.members)) {
    const getter = ts.isGetAccessorDeclaration(member);
    if (!getter && !ts.isSetAccessorDeclaration(member)) continue;
    const name = memberName(member);
    if (name === undefined || ts.isComputedPropertyName(member.name) || !isPublic(member) || isStatic(member)) continue;
    // A handler decorator on an accessor is already an error (SPK1012).
    if (sdkDecorators(member, host.checker).length > 0) continue;
    const route = routeName(name);
    if (getter) {
      const type = member.type === undefined ? 'T' : member.type.getText();
      host.warn(
        'SPK1033',
        member.name,
        `${className}.${name}: a get accessor is not a message handler, so no route reads it (only public methods are routes)`,
        `to expose it, replace it with a method: \`@query() ${name}(): ${type} { … }\` (route ${route}); to keep it a helper, make it private`,
      );
    } else {
      const param = member.parameters[0];
      const arg = param === undefined ? 'value: T' : param.getText();
      host.warn(
        'SPK1033',
        member.name,
        `${className}.${name}: a set accessor is not a message handler, so no route writes it (only public methods are routes)`,
        `to expose it, replace it with a method: \`set${route}(${arg}): void { … }\` (route Set${route}); to keep it a helper, make it private`,
      );
    }
  }
}

/**
 * Warns about each public instance method of an actor class (or a base it inherits from) named by a symbol or a
 * string known only at run time (`[KEY]() {}`): it is not a route, since the IDL names each route. A decorated one is
 * already an error (SPK1012).
 */
export function warnComputedNames(classes: readonly ts.ClassDeclaration[], className: string, host: FileHost): void {
  for (const cls of classes) {
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isComputedPropertyName(member.name)) continue;
      if (memberName(member, host.checker) !== undefined || !isPublic(member) || isStatic(member)) continue;
      if (sdkDecorators(member, host.checker).length > 0) continue;
      host.warn(
        'SPK1039',
        member.name,
        `${className}.${member.name.getText()}: a public method named by a symbol or a string known only at run time is not a route (the IDL names each route)`,
        "to make it a route, give it a plain name (`add(…)`, or `['add'](…)`); to keep it a helper, make it private",
      );
    }
  }
}

/**
 * Warns (SPK1040) about each public instance property of an actor class (or a base it extends) that holds a function
 * (`add = (n: u32): u32 => n`): it looks like a handler, but only methods are routes. A warning like SPK1033: the
 * actor deploys (the runtime rejects the function when it is used).
 */
export function warnFunctionProperties(classes: readonly ts.ClassDeclaration[], className: string, host: FileHost): void {
  for (const cls of classes) {
    for (const member of cls.members) {
      if (!ts.isPropertyDeclaration(member) || !isPublic(member, host.checker) || isStatic(member)) continue;
      const init = member.initializer;
      const fn = init !== undefined && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
      if (fn === undefined && (member.type === undefined || !ts.isFunctionTypeNode(member.type))) continue;
      const name = memberName(member, host.checker) ?? member.name.getText();
      const params = fn?.parameters.map((p) => p.getText()).join(', ') ?? '…';
      const returns = fn?.type === undefined ? '' : `: ${fn.type.getText()}`;
      host.warn(
        'SPK1040',
        member.name,
        `${className}.${name}: a property holding a function is not a message handler (only methods are routes)`,
        `write it as a method: \`${name}(${params})${returns} { … }\` (route ${routeName(name)}); for a helper, a private method`,
      );
    }
  }
}

/** Warns about each handler or constructor parameter with a default value: callers always send the argument. */
export function warnParameterDefaults(candidates: readonly Candidate[], className: string, host: FileHost): void {
  for (const c of candidates) {
    for (const p of c.method.parameters) {
      if (p.initializer === undefined || !ts.isIdentifier(p.name) || p.dotDotDotToken !== undefined) continue;
      const name = p.name.text;
      const fallback = p.initializer.getText();
      const type = p.type?.getText();
      const option = type === undefined ? 'T | null' : /\|\s*null$/.test(type) ? type : `${type} | null`;
      host.warn(
        'SPK1034',
        p.initializer,
        `${className}.${c.name}(${name}): the default value \`${fallback}\` never applies: every call carries all arguments on the wire, so a caller always passes \`${name}\``,
        `remove the default; to let callers leave the value out, take \`${name}: ${option}\` (Option on the wire), have them pass null, and use \`${name} ?? ${fallback}\` in the body`,
      );
    }
  }
}
