// The timer, URL and console globals the node connection uses, typed here because the sdk compiles without DOM or
// Node type libraries (it runs in both; each provides these).

/** An opaque timer handle. */
export type TimerHandle = unknown;

interface UrlLike {
  protocol: string;
  pathname: string;
  toString(): string;
}

interface PlatformGlobals {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  URL: new (url: string) => UrlLike;
  console: { error(message: string): void };
}

const g = globalThis as unknown as PlatformGlobals;

/** Runs `callback` after `ms` milliseconds. */
export function startTimer(callback: () => void, ms: number): TimerHandle {
  return g.setTimeout(callback, ms);
}

/** Cancels a timer (a no-op for undefined). */
export function stopTimer(handle: TimerHandle | undefined): void {
  if (handle !== undefined) g.clearTimeout(handle);
}

/** Parses a URL (throws on a malformed one). */
export function parseUrl(url: string): UrlLike {
  return new g.URL(url);
}

/** Prints an error line on the platform's console. */
export function printError(message: string): void {
  g.console.error(message);
}
