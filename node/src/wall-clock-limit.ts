/**
 * The node's wall-clock backstop in ms: a handler's synchronous run is stopped after 3/4 of it to all of it, and a
 * regular expression the linear-time engine cannot run is stopped at it after an `await` (docs/gas.md). A backstop
 * only: gas stops metered code long before.
 */
export const WALL_CLOCK_MS = 2_000;
