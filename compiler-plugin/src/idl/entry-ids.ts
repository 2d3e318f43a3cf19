/** Compares two route names the way Sails orders functions: by their lowercase form, code unit by code unit. */
export function compareRouteNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}

/** Route names sorted in Sails function order (lowercase, stable for names equal when lowercased). */
export function sortRouteNames(names: readonly string[]): string[] {
  return [...names].sort(compareRouteNames);
}

/** Default entry ids of functions: each one's index in lowercase-route order, returned in the input order. */
export function defaultFunctionEntryIds(names: readonly string[]): number[] {
  const order = names.map((name, index) => ({ name, index })).sort((x, y) => compareRouteNames(x.name, y.name));
  const ids = new Array<number>(names.length).fill(0);
  order.forEach((entry, position) => {
    ids[entry.index] = position;
  });
  return ids;
}

/** Entry ids of functions: an explicit id (`@entry_id`) wins, the others get their default (lowercase-route order). */
export function functionEntryIds(fns: readonly { readonly name: string; readonly explicit?: number | undefined }[]): number[] {
  const defaults = defaultFunctionEntryIds(fns.map((f) => f.name));
  return fns.map((f, i) => f.explicit ?? defaults[i] ?? i);
}

/** Default entry ids of events: like functions, each one's index in lowercase-name order (the Sails `#[event]` macro sorts variants). */
export function defaultEventEntryIds(names: readonly string[]): number[] {
  return defaultFunctionEntryIds(names);
}

/** Entry ids of events: an explicit id (`@entry_id`) wins, the others get their default (lowercase-name order). */
export function eventEntryIds(events: readonly { readonly name: string; readonly explicit?: number | undefined }[]): number[] {
  return functionEntryIds(events);
}

/** The camelCase method name of a PascalCase route (`BalanceOf` → `balanceOf`). */
export function methodNameOfRoute(route: string): string {
  return route.length === 0 ? route : route.charAt(0).toLowerCase() + route.slice(1);
}
