// The CLI's usage texts: one per command, and the summary. docs/cli.md is generated from them (npm run docs:cli).
import { INIT_USAGE } from './init.js';
import { NET_SUMMARY, NET_USAGE } from './net/index.js';

/** The usage text of each command (`main` for the whole CLI), printed by `--help` and after a usage error. */
export const USAGE: Record<string, string> = {
  init: INIT_USAGE,
  main: `Usage: sprocket <command> [options]

Commands:
  gen [paths...] [--check] [--watch] [--allow-breaking]
                                        write <file>.gen.ts and <file>.idl next to each actor file
  idl <actor.ts>                        print the Sails IDL of the actors of a file
  client <file.idl> [-o <out.ts>]       write a typed client for a Sails IDL v2 file
  encode <actor.ts|file.idl> <Service>.<Function|Event> '<JSON>' [--event] [--route N]
                                        print a whole message or event (header ‖ SCALE) as 0x hex
  decode <actor.ts|file.idl> <Service>.<Function|Event> <0xhex> [--reply|--error] [--event] [--route N]
                                        print the arguments, the reply, a throws error or an event as JSON
  init <dir>                            create a contract project (one actor and its tests, the vitest plugin)
  node [--dev] [--port N] [--data DIR] [--block-time MS]   run a node (\`sprocket node --help\`; needs @sprocket/node)
${NET_SUMMARY}
Run \`sprocket <command> --help\` for the options of a command.
Exit codes: 0 ok, 1 errors in the input (diagnostics, bad JSON, bad bytes), 2 usage errors.
Errors print as \`sprocket <command>: <CODE>: <message>\`, then \`hint: …\` when there is one (the usage after
a usage error); generator diagnostics print as \`file:line:column - error SPKnnnn: message\` with a fix line.
Commands given an <actor.ts> keep its extracted interface in node_modules/.cache/sprocket (or
$SPROCKET_CACHE_DIR) and reuse it while the file and everything it imports are unchanged, instead of
type-checking it again; SPROCKET_CACHE=off turns that off.
`,
  gen: `Usage: sprocket gen [paths...] [--check] [--watch] [--allow-breaking]

Finds the @actor classes in the given files or directories (default: .; node_modules, dist,
*.gen.ts and *.test.ts are skipped) and writes, next to each actor file, <file>.gen.ts (codecs,
definition, typed client) and <file>.idl (Sails IDL v2; <file>.<Actor>.idl when a file has several
actors). Diagnostics are printed with file:line:column and the fix.

Options:
  --check   write nothing; exit 1 and list the files that are stale or missing, with the wire
            changes of each IDL against the committed one (breaking or compatible)
  --allow-breaking
            write even when an IDL changes the wire (an interface id, an entry id, a route or
            the layout of a type); without it gen refuses such a change and exits 1
  --watch   regenerate when a file changes (Ctrl-C to stop); an actor file deleted meanwhile is
            reported with the generated files it leaves stale, which are kept
  -h, --help
`,
  idl: `Usage: sprocket idl <actor.ts>

Prints the Sails IDL v2 of the actors of a TypeScript file.
`,
  client: `Usage: sprocket client <file.idl> [-o <out.ts>]

Writes a typed client (codecs, schemas, <Program>Client) for a Sails IDL v2 file, to <out.ts> or stdout.
A program with several services gets one property per service (client.counter.add(...)).

Options:
  -o, --out <file>   output file (default: stdout)
  -h, --help
`,
  encode: `Usage: sprocket encode <actor.ts|file.idl> <Service>.<Function|Event> '<JSON>' [--event] [--route N]

Prints the whole message (16-byte Sails header ‖ SCALE arguments) as 0x hex. <Function> is the route
name (Counter.Add) or the TS method name (Counter.add); <Program>.<Constructor> encodes a constructor;
an event name (Counter.Added) encodes an event, whose JSON is its payload (an object for named fields,
the value for one field, an array for several, null for none). Functions and events of base services
(\`extends\`) are found through the derived service, and a base-only service by its own name.
Arguments use the JSON form (u64 and wider as decimal strings, bytes and ids as 0x hex, Option as null or
the value, enums as "Name" or {"Name": payload}).

Options:
  --event       the name is an event (also found by name when no function has it)
  --route <N>   the service's route index (default: its position in the program, 1 for a single service)
  -h, --help
`,
  decode: `Usage: sprocket decode <actor.ts|file.idl> <Service>.<Function|Event> <0xhex> [--reply|--error] [--event] [--route N]

Decodes a whole message (header checked, trailing bytes rejected) and prints its arguments as a JSON
array, with --reply the reply value (an empty payload is the reply of a unit result: null), with
--error the error payload of a \`-> T throws E\` function or of a failed \`New(…) throws E\` constructor
(<Program>.<Constructor>: E), or, for an event, its payload.

Options:
  --reply       decode a (success) reply instead of a call
  --error       decode the error payload of a failed \`throws\` function or constructor
  --event       the name is an event (also found by name when no function has it)
  --route <N>   also require this route index in the header
  -h, --help
`,
};
// The verbs that talk to a node (compiler-plugin/src/cli/net/).
Object.assign(USAGE, NET_USAGE);
