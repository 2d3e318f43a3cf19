// SPK1028: a call promise inside an actor method that is neither awaited, returned nor passed on.
// `const r = Peer.checked(50); if ('err' in r) …` tests the Promise object, not the reply; a statement
// `peer.add(1);` drops the reply (and the runtime fails such a handler when it returns). Fire-and-forget
// is written `peer.send.add(1)`, which returns a MessageId, not a promise. Callbacks of a collection's
// `forEach`, `map` or `filter` run within the handler: what they drop or return is followed (dropped-callback.ts).
import { ts } from 'ts-morph';
import {
  type CollectionCallback,
  collectionCallbackOf,
  type Fate,
  fateOfReturned,
  isAsync,
  returnedFate,
  statementInCallbackFix,
} from './dropped-callback.js';
import type { Report } from './map-context.js';

/** Whether `type` is a Promise or another thenable. */
function isThenable(type: ts.Type, checker: ts.TypeChecker): boolean {
  const then = checker.getPropertyOfType(type, 'then');
  if (then === undefined) return false;
  const declaration = then.valueDeclaration ?? then.declarations?.[0];
  if (declaration === undefined) return false;
  return checker.getTypeOfSymbolAtLocation(then, declaration).getCallSignatures().length > 0;
}

/** Why a call promise written as a statement is wrong, for a call to another actor. */
const DROPPED_STATEMENT = 'its reply is dropped';

/** What happens to the value of `node`: consumed (awaited, returned, passed on, stored), bound to a variable, or dropped. */
function fateOf(node: ts.Expression, checker: ts.TypeChecker): Fate {
  let child: ts.Node = node;
  let parent = node.parent;
  // Look through wrappers that pass the value along unchanged.
  while (
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    ts.isTypeAssertionExpression(parent) ||
    (ts.isConditionalExpression(parent) && parent.condition !== child) ||
    (ts.isBinaryExpression(parent) &&
      parent.right === child &&
      (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        parent.operatorToken.kind === ts.SyntaxKind.CommaToken))
  ) {
    child = parent;
    parent = parent.parent;
  }
  if (ts.isAwaitExpression(parent) || ts.isYieldExpression(parent)) return { kind: 'consumed' };
  // Returned: to the handler's caller, or from a callback to the collection method that called it.
  if (ts.isReturnStatement(parent)) return fateOfReturned(ts.findAncestor(parent, ts.isFunctionLike), checker);
  if (ts.isArrowFunction(parent) && parent.body === child) return fateOfReturned(parent, checker);
  if (ts.isVoidExpression(parent)) return { kind: 'consumed' }; // `void p`: dropped on purpose
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(child as ts.Expression)) {
    return { kind: 'consumed' };
  }
  if (ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent) || ts.isPropertyAssignment(parent)) return { kind: 'consumed' };
  if (ts.isShorthandPropertyAssignment(parent) || ts.isTemplateSpan(parent)) return { kind: 'consumed' };
  if (ts.isPropertyAccessExpression(parent) && parent.expression === child) {
    const name = parent.name.text;
    if (name === 'then' || name === 'catch' || name === 'finally') return { kind: 'consumed' };
    return { kind: 'dropped', why: `its .${name} is read from the promise, not from the reply` };
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child) {
    return ts.isIdentifier(parent.left) ? { kind: 'bound', name: parent.left } : { kind: 'consumed' };
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === child) {
    return ts.isIdentifier(parent.name) ? { kind: 'bound', name: parent.name } : { kind: 'dropped', why: 'it is destructured' };
  }
  if (ts.isExpressionStatement(parent)) return { kind: 'dropped', why: DROPPED_STATEMENT };
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InKeyword) {
    return { kind: 'dropped', why: '`in` tests the promise, not the reply' };
  }
  if (ts.isIfStatement(parent) || ts.isPrefixUnaryExpression(parent) || ts.isBinaryExpression(parent)) {
    return { kind: 'dropped', why: 'the promise is tested instead of the reply' };
  }
  return { kind: 'consumed' };
}

/**
 * Whether `call` is a message to another actor through a client (`peer.add(...)`), whose `send` is an object of
 * fire-and-forget methods; not `this.ctx.sleep(...)` nor a method of the actor's own (`this.helper(...)`).
 */
function isClientCall(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  if (!ts.isPropertyAccessExpression(call.expression)) return false;
  const receiver = checker.getTypeAtLocation(call.expression.expression);
  const send = checker.getPropertyOfType(receiver, 'send');
  const declaration = send?.valueDeclaration ?? send?.declarations?.[0];
  if (send === undefined || declaration === undefined) return false;
  return checker.getTypeOfSymbolAtLocation(send, declaration).getCallSignatures().length === 0;
}

/** Every identifier in `scope` that refers to the same symbol as `name`, except the declaration itself. */
function usesOf(name: ts.Identifier, scope: ts.Node, checker: ts.TypeChecker): ts.Identifier[] {
  const symbol = checker.getSymbolAtLocation(name);
  const out: ts.Identifier[] = [];
  if (symbol === undefined) return out;
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n !== name && n.text === name.text && checker.getSymbolAtLocation(n) === symbol) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return out;
}

/** Whether a promise bound to `name` is awaited, returned or passed on somewhere in `scope`. */
function boundIsConsumed(name: ts.Identifier, scope: ts.Node, checker: ts.TypeChecker, depth: number): boolean {
  if (depth > 4) return true;
  for (const use of usesOf(name, scope, checker)) {
    const fate = fateOf(use, checker);
    if (fate.kind === 'consumed') return true;
    if (fate.kind === 'bound' && boundIsConsumed(fate.name, scope, checker, depth + 1)) return true;
  }
  return false;
}

/** The collection callback around `node` when it is the nearest function and not async (it cannot await). */
function syncCallbackAround(node: ts.Node, checker: ts.TypeChecker): CollectionCallback | undefined {
  const fn = ts.findAncestor(node.parent, ts.isFunctionLike);
  if (fn === undefined || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || isAsync(fn)) return undefined;
  return collectionCallbackOf(fn, checker);
}

/** Reports SPK1028 for every call promise in the methods of `cls` that is neither awaited, returned nor passed on. */
export function checkDroppedPromises(cls: ts.ClassDeclaration, className: string, checker: ts.TypeChecker, report: Report): void {
  for (const member of cls.members) {
    if (!ts.isMethodDeclaration(member) || member.body === undefined) continue;
    const method = ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name) ? member.name.text : 'method';
    const body = member.body;
    const reportCall = (node: ts.CallExpression, fate: Exclude<Fate, { kind: 'consumed' }>): void => {
      const text = node.expression.getText();
      const call = text.length > 60 ? `${text.slice(0, 57)}...` : text;
      // Only a message to another actor has a reply to drop, and a `.send` to say fire-and-forget with.
      const client = isClientCall(node, checker);
      const orSend = client ? "; for fire-and-forget use the client's `.send`" : '';
      if (fate.kind === 'dropped') {
        const why = fate.why === DROPPED_STATEMENT && !client ? 'the handler goes on without waiting for it' : fate.why;
        // A callback that is not async cannot await: the fix is in how the collection is walked.
        const cb = fate.why === DROPPED_STATEMENT ? syncCallbackAround(node, checker) : undefined;
        const fix = fate.fix ?? (cb === undefined ? `write \`await ${call}(...)\` (or return it)` : statementInCallbackFix(cb));
        report('SPK1028', node, `${className}.${method}: the promise of ${call}(...) is not awaited (${why})`, `${fix}${orSend}`);
      } else if (fate.array !== undefined) {
        reportArray(node, fate.name, fate.array);
      } else if (!boundIsConsumed(fate.name, body, checker, 0)) {
        report(
          'SPK1028',
          node,
          `${className}.${method}: ${fate.name.text} holds the promise of ${call}(...), which is never awaited, returned or passed on`,
          `write \`const ${fate.name.text} = await ${call}(...)\`${orSend}`,
        );
      }
    };
    // A `.map` array of promises bound to a variable: dropped if the variable is never awaited, returned or passed on.
    const reportArray = (node: ts.Node, name: ts.Identifier, array: string): void => {
      if (boundIsConsumed(name, body, checker, 0)) return;
      report(
        'SPK1028',
        node,
        `${className}.${method}: ${name.text} holds the array ${array} returns, whose promises are never awaited, returned or passed on`,
        `write \`const ${name.text} = await Promise.all(${array}(...))\``,
      );
    };
    const visit = (node: ts.Node): void => {
      // The syntactic fate first: most calls are awaited, returned or passed on, and need no type query.
      if (ts.isCallExpression(node)) {
        const fate = fateOf(node, checker);
        if (fate.kind !== 'consumed' && isThenable(checker.getTypeAtLocation(node), checker)) reportCall(node, fate);
      } else if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && isAsync(node)) {
        // An async callback is a promise per item: `.forEach` drops them, `.map` hands them on in its array.
        const cb = collectionCallbackOf(node, checker);
        const fate = cb === undefined ? undefined : returnedFate(cb);
        if (cb !== undefined && fate?.kind === 'bound' && fate.array !== undefined) reportArray(node, fate.name, fate.array);
        if (cb !== undefined && fate?.kind === 'dropped') {
          report(
            'SPK1028',
            node,
            `${className}.${method}: the async callback passed to ${cb.receiver}.${cb.method}(...) returns a promise that is not awaited (${fate.why})`,
            fate.fix ?? '',
          );
        }
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
  }
}
