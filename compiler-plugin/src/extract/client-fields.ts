// SPK1038: a field of an actor typed to hold a client of another actor (`private bank: BankClient | null`). A Sails
// program keeps a client in its service struct; a Sprocket actor cannot: a generated client is bound to the transport
// it was made with, here `this.ctx`, the context of one message, and state holds data, not class instances (the
// runtime refuses the write with RUNTIME_STATE_REFUSED, or the deploy with INIT_FAILED). Keeping the address and
// making the client where it is called costs nothing: `XClient.at` allocates one small object.
import { ts } from 'ts-morph';
import type { Report } from './map-context.js';

/** How deep into arrays, Maps, Sets and unions a field's type is searched for a client. */
const MAX_DEPTH = 4;

/** Whether `type` is a class that extends the sdk's `ActorClient` (a generated client), following its base classes. */
function isClientType(type: ts.Type, checker: ts.TypeChecker): boolean {
  let current: ts.Type | undefined = type;
  for (let hops = 0; current !== undefined && hops < 16; hops++) {
    const symbol = current.getSymbol();
    if (symbol?.getName() === 'ActorClient' && (symbol.flags & ts.SymbolFlags.Class) !== 0) return true;
    const target: ts.Type = (current as ts.TypeReference).target ?? current;
    if (!target.isClassOrInterface()) return false;
    current = checker.getBaseTypes(target as ts.InterfaceType)[0];
  }
  return false;
}

/** The client class a value of `type` may hold, directly, in a union, or as an element of an array, Map or Set. */
function clientIn(type: ts.Type, checker: ts.TypeChecker, depth: number): ts.Type | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (type.isUnion()) {
    for (const member of type.types) {
      const found = clientIn(member, checker, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isClientType(type, checker)) return type;
  const name = type.getSymbol()?.getName();
  const isContainer = checker.isArrayType(type) || checker.isTupleType(type) || name === 'Map' || name === 'Set';
  if (!isContainer) return undefined;
  for (const argument of checker.getTypeArguments(type as ts.TypeReference)) {
    const found = clientIn(argument, checker, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Reports (SPK1038) each instance field of an actor class whose type holds a generated client. */
export function checkClientFields(cls: ts.ClassDeclaration, className: string, checker: ts.TypeChecker, report: Report): void {
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    if (ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const client = clientIn(checker.getTypeAtLocation(member), checker, 0);
    if (client === undefined) continue;
    const field = member.name.getText();
    const clientName = client.getSymbol()?.getName() ?? 'the client';
    const plain = field.startsWith('#') ? field.slice(1) : field;
    // The field's type with each client in it replaced by its address: `BankClient | null` → `ActorId | null`.
    const written = checker.typeToString(checker.getTypeAtLocation(member), member);
    const addressType = written.replace(new RegExp(`\\b${clientName}(<[^<>]*>)?`, 'g'), 'ActorId');
    // A field of one address is passed as it is; from a list or a Map, the caller picks the address.
    const address = /^ActorId( \| (null|undefined))*$/.test(addressType) ? `this.${field}` : 'address';
    report(
      'SPK1038',
      member.name,
      `${className}.${field} holds a client of another actor (${clientName}): actor state cannot keep a client, which is bound to the context of one message, and the runtime refuses it`,
      `keep the address instead (\`${plain}: ${addressType}\`) and write \`${clientName}.at(this.ctx, ${address})\` where you call it`,
    );
  }
}
