// SPK1031: a `@query()` handler that writes state, sends, emits or sleeps. The runtime refuses each of these in a
// query with QUERY_MUTATED; this finds the plain cases where they are written, from the syntax alone:
// assignments to `this.<field>` (and anything below it), `++`/`--`, `delete`, the mutating methods of an array, Map
// or Set field, `this.ctx.send|call|transfer|emitEvent|deploy|sleep` or `this.emit`, and a send, a command call or a
// deploy through a generated client of `this.ctx` (`XClient.at(this.ctx, a).send.fn(…)`, `XClient.at(this.ctx, a).fn(…)`
// where `fn` is a command, the same through a variable that holds such a client, `XClient.deploy(this.ctx, …)`), with
// `this.ctx` also read through a local const alias (`const ctx = this.ctx`, `const { ctx } = this`). A query of
// another actor called through a client is allowed: it goes out with `ctx.query`. Writes through an alias of state
// (`const m = this.map; m.set(…)`) or in a helper method are left to the runtime.
import { ts } from 'ts-morph';
import type { Candidate } from './decorators.js';
import type { Report } from './map-context.js';
import { ARRAY_WRITES, ASSIGNMENTS, bare, COLLECTION_WRITES } from './write-syntax.js';

/** How a command call through a client is worded: its fix differs from a write's. */
const CLIENT_COMMAND = 'it calls the command';
/** `this.ctx` operations a query may not perform (`ctx.query` is allowed). */
const CONTEXT_WRITES = new Set(['send', 'call', 'transfer', 'emitEvent', 'deploy', 'sleep']);

/** Whether `node` is `this.ctx` written out. */
function isThisCtxAccess(node: ts.Expression): boolean {
  const e = bare(node);
  return ts.isPropertyAccessExpression(e) && e.name.text === 'ctx' && bare(e.expression).kind === ts.SyntaxKind.ThisKeyword;
}

/** The nearest enclosing node with a `this` of its own: where a `this` inside `node` points. */
function thisOwner(node: ts.Node): ts.Node | undefined {
  let current = node.parent;
  while (current !== undefined && !ownsThis(current)) current = current.parent;
  return current;
}

/**
 * Whether `node` is `this.ctx`, or a local const alias of it (`const ctx = this.ctx`, `const { ctx } = this`,
 * `const { ctx: c } = this`) declared where `this` is the same as at `node`. Only a const declared so is followed:
 * a `let` may be given something else, and anything further needs data-flow analysis.
 */
function isThisCtx(node: ts.Expression, checker: ts.TypeChecker): boolean {
  const e = bare(node);
  if (isThisCtxAccess(e)) return true;
  if (!ts.isIdentifier(e)) return false;
  const declaration = checker.getSymbolAtLocation(e)?.valueDeclaration;
  if (declaration === undefined || thisOwner(declaration) !== thisOwner(e)) return false;
  if (ts.isVariableDeclaration(declaration)) {
    return (
      isConst(declaration) &&
      ts.isIdentifier(declaration.name) &&
      declaration.initializer !== undefined &&
      isThisCtxAccess(declaration.initializer)
    );
  }
  if (!ts.isBindingElement(declaration) || declaration.dotDotDotToken !== undefined) return false;
  const pattern = declaration.parent;
  const holder = pattern.parent;
  if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(holder) || !isConst(holder)) return false;
  const key = declaration.propertyName ?? declaration.name;
  return (
    ts.isIdentifier(key) &&
    key.text === 'ctx' &&
    holder.initializer !== undefined &&
    bare(holder.initializer).kind === ts.SyntaxKind.ThisKeyword
  );
}

/** Whether a variable is declared with `const`. */
function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** Whether `node` is a generated client bound to this actor's context: `XClient.at(this.ctx, address)`. */
function isClientAtCtx(node: ts.Expression, checker: ts.TypeChecker): boolean {
  const e = bare(node);
  if (!ts.isCallExpression(e)) return false;
  const callee = bare(e.expression);
  const first = e.arguments[0];
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'at' && first !== undefined && isThisCtx(first, checker);
}

/**
 * Whether `node` is a generated client of this actor's context: `XClient.at(this.ctx, address)`, or a variable declared
 * with one (`const peer = XClient.at(this.ctx, a)`). A variable declared elsewhere, or given a client later, is not seen.
 */
function isCtxClient(node: ts.Expression, checker: ts.TypeChecker): boolean {
  const e = bare(node);
  if (isClientAtCtx(e, checker)) return true;
  if (!ts.isIdentifier(e)) return false;
  const declaration = checker.getSymbolAtLocation(e)?.valueDeclaration;
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    isClientAtCtx(declaration.initializer, checker)
  );
}

/**
 * Whether `name` is a command of the client `receiver`: a generated client lists its commands, and only them, under
 * `send` (`peer.send.add`), so a method also found there is a command and one that is not is a query.
 */
function isClientCommand(receiver: ts.Expression, name: string, checker: ts.TypeChecker): boolean {
  const send = checker.getTypeAtLocation(receiver).getProperty('send');
  if (send === undefined) return false;
  return checker.getTypeOfSymbolAtLocation(send, receiver).getProperty(name) !== undefined;
}

/** The field of `this` that `node` reaches (`this.a`, `this.a.b[i]`, `this['a']`), or undefined (including `this.ctx`). */
function stateField(node: ts.Expression): string | undefined {
  let e = bare(node);
  let field: string | undefined;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const inner = bare(e.expression);
    if (inner.kind === ts.SyntaxKind.ThisKeyword) {
      if (ts.isPropertyAccessExpression(e)) field = e.name.text;
      else if (ts.isStringLiteralLike(e.argumentExpression)) field = e.argumentExpression.text;
      else return undefined;
      return field === 'ctx' ? undefined : field;
    }
    e = inner;
  }
  return undefined;
}

/** Whether `type` is an array or tuple, a Map or a Set (what the mutating method names above belong to). */
function collectionKind(type: ts.Type, checker: ts.TypeChecker): 'array' | 'collection' | undefined {
  const t = checker.getNonNullableType(type);
  if (checker.isArrayType(t) || checker.isTupleType(t)) return 'array';
  const name = t.getSymbol()?.getName();
  if (name === 'Map' || name === 'Set') return 'collection';
  return undefined;
}

/** What `node` writes, in words, when it is a write a query may not make; undefined otherwise. */
function writeOf(node: ts.Node, checker: ts.TypeChecker): string | undefined {
  if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) {
    const field = stateField(node.left);
    return field === undefined ? undefined : `it assigns to this.${field}`;
  }
  if (
    (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
    (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
  ) {
    const field = stateField(node.operand);
    return field === undefined
      ? undefined
      : `it ${node.operator === ts.SyntaxKind.PlusPlusToken ? 'increments' : 'decrements'} this.${field}`;
  }
  if (ts.isDeleteExpression(node)) {
    const field = stateField(node.expression);
    return field === undefined ? undefined : `it deletes from this.${field}`;
  }
  if (ts.isCallExpression(node)) {
    const callee = bare(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const name = callee.name.text;
    const receiver = bare(callee.expression);
    if (receiver.kind === ts.SyntaxKind.ThisKeyword) return name === 'emit' ? 'it emits an event (this.emit)' : undefined;
    // Through a generated client over this.ctx: `XClient.at(this.ctx, a).send.fn(…)`, a command `….fn(…)` (a call the
    // runtime refuses in a query, awaited or not) and `XClient.deploy(this.ctx, …)`.
    if (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'send' && isCtxClient(receiver.expression, checker)) {
      return `it sends ${name} through a client of this.ctx`;
    }
    if (isCtxClient(receiver, checker) && isClientCommand(receiver, name, checker)) {
      return `${CLIENT_COMMAND} ${name} through a client of this.ctx`;
    }
    if (name === 'deploy' && node.arguments[0] !== undefined && isThisCtx(node.arguments[0], checker)) return 'it deploys an actor';
    if (isThisCtxAccess(receiver)) return CONTEXT_WRITES.has(name) ? `it calls this.ctx.${name}` : undefined;
    if (ts.isIdentifier(receiver) && CONTEXT_WRITES.has(name) && isThisCtx(receiver, checker)) {
      return `it calls ${receiver.text}.${name} (${receiver.text} is this.ctx)`;
    }
    if (!ARRAY_WRITES.has(name) && !COLLECTION_WRITES.has(name)) return undefined;
    const field = stateField(receiver);
    if (field === undefined) return undefined;
    const kind = collectionKind(checker.getTypeAtLocation(receiver), checker);
    if ((kind === 'array' && ARRAY_WRITES.has(name)) || (kind === 'collection' && COLLECTION_WRITES.has(name))) {
      return `it calls ${name}() on this.${field}`;
    }
  }
  return undefined;
}

/** Whether `node` has a `this` of its own (a function, method, accessor or class), so `this` inside is not the actor. */
function ownsThis(node: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isClassExpression(node) ||
    ts.isConstructorDeclaration(node)
  );
}

/** Warns (SPK1031) about each write to state, send, emit or sleep written in the body of a `@query()` handler. */
export function checkQueryWrites(members: readonly Candidate[], className: string, checker: ts.TypeChecker, warn: Report): void {
  for (const c of members) {
    if (c.kind !== 'query' || c.method.body === undefined) continue;
    const visit = (node: ts.Node): void => {
      if (ownsThis(node)) return;
      const what = writeOf(node, checker);
      if (what !== undefined) {
        const text = node.getText();
        const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
        warn(
          'SPK1031',
          node,
          `${className}.${c.name} is a @query() but ${what} (\`${shown}\`): the runtime refuses it with QUERY_MUTATED`,
          what.startsWith(CLIENT_COMMAND)
            ? 'make it a command (remove @query()), or call only queries of the other actor from here'
            : 'make it a command (remove @query()), or remove the write',
        );
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(c.method.body, visit);
  }
}
