/** The PascalCase of a method name (`add` → `Add`, `balance_of` → `BalanceOf`, `balanceOf` → `BalanceOf`). */
export function pascalCase(name: string): string {
  return name
    .split('_')
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a name can be spelled in Sails IDL (an ASCII identifier). */
export function isWireIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}
