// Stack traces that contract code can read hold only the contract's own frames. A stack names every frame's file:
// the node's own frames name where the node is installed (`/home/me/sprocket/runtime/dist/dispatch.js`), and which
// of them sit below a handler depends on how the node reached it (a live block or a replay, a handler entered in a
// chunk or resumed after an await). A contract that keeps `error.stack` in state, or only its length, would then make
// the state root depend on the machine and on the path taken: `sprocket node verify` on another machine, or a replay
// after a restart, would not agree with the chain. Contract frames are the same everywhere: the file is named by the
// CodeId and the line and column are those of the stored bytes.
//
// The hook is host-wide (contract code throws the host's Error classes), so it changes only stacks that have a
// contract frame in them; every other stack is formatted by the hook that was there before, or as the engine does.

/** The file name uploaded code runs under (sandbox.ts names each code's script so). */
const CONTRACT_FILE = /^code-0x[0-9a-f]{64}\.js$/;

type PrepareStackTrace = (error: Error, callsites: NodeJS.CallSite[]) => unknown;

let installed = false;

function isContractFrame(site: NodeJS.CallSite): boolean {
  const file = site.getFileName();
  return file !== undefined && file !== null && CONTRACT_FILE.test(file);
}

/** The first line of a stack as the engine writes it: `Name: message`, read without trusting the error. */
function headerOf(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return 'Error';
  }
}

/** A stack in the engine's own format from `callsites`. */
function formatStack(error: Error, callsites: readonly NodeJS.CallSite[]): string {
  const header = headerOf(error);
  if (callsites.length === 0) return header;
  let text = header;
  for (const site of callsites) text += `\n    at ${String(site)}`;
  return text;
}

/**
 * Makes stacks that pass through uploaded code list only that code's frames (once per process; a hook already in
 * place keeps formatting every other stack).
 */
export function installContractStacks(): void {
  if (installed) return;
  installed = true;
  const previous = Error.prepareStackTrace as PrepareStackTrace | undefined;
  const prepare: PrepareStackTrace = (error, callsites) => {
    try {
      if (callsites.some(isContractFrame)) return formatStack(error, callsites.filter(isContractFrame));
    } catch {
      // A call site that cannot be read: the stack is formatted as it would be without this hook.
    }
    return typeof previous === 'function' ? previous(error, callsites) : formatStack(error, callsites);
  };
  Error.prepareStackTrace = prepare;
}
