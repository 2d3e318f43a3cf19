import { ts } from 'ts-morph';

/** Whether a file belongs to the @sprocket/sdk package (its sources, its dist or an installed copy). */
export function isSdkFileName(fileName: string): boolean {
  const f = fileName.replace(/\\/g, '/');
  return f.includes('/sdk/src/') || f.includes('/sdk/dist/') || f.includes('/@sprocket/sdk/');
}

/** Whether a file is a TypeScript default library or a global typing (`lib.*.d.ts`, `@types/*`). */
export function isLibFile(program: ts.Program, sf: ts.SourceFile): boolean {
  if (program.isSourceFileDefaultLibrary(sf)) return true;
  const f = sf.fileName.replace(/\\/g, '/');
  return /\/typescript\/lib\/lib\.[^/]*\.d\.ts$/.test(f) || f.includes('/node_modules/@types/');
}

/** The symbol a name refers to, with import/export aliases followed. */
export function resolveSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol === undefined) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) {
    const target = checker.getAliasedSymbol(symbol);
    if (target.declarations === undefined || target.declarations.length === 0) return undefined;
    symbol = target;
  }
  return symbol;
}

/** The declaration of a symbol that declares a type (alias, interface, class, enum, type parameter). */
export function typeDeclarationOf(symbol: ts.Symbol): ts.Declaration | undefined {
  const decls = symbol.declarations ?? [];
  return (
    decls.find(
      (d) =>
        ts.isTypeAliasDeclaration(d) ||
        ts.isInterfaceDeclaration(d) ||
        ts.isClassDeclaration(d) ||
        ts.isEnumDeclaration(d) ||
        ts.isTypeParameterDeclaration(d),
    ) ?? decls[0]
  );
}

/** Strips parentheses around a type node. */
export function unwrapParens(node: ts.TypeNode): ts.TypeNode {
  let n = node;
  while (ts.isParenthesizedTypeNode(n)) n = n.type;
  return n;
}

/** The text of a property name that is an identifier, a string or a number literal. */
export function propertyNameText(name: ts.PropertyName | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))
    return name.text;
  return undefined;
}
