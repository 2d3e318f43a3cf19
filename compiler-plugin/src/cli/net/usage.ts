// Help texts of the verbs that talk to a node.

/** The one-line summaries for `sprocket --help`. */
export const NET_SUMMARY = `  deploy <actor.ts> --node URL --account A   bundle, upload and instantiate an actor on a node
  call|send|query <address> <actor.ts|file.idl> <Service>.<Function> ['<JSON array>'] --node URL [--account A]
                                        call a deployed actor (reply as JSON) or send to it (MessageId)
  events <address> <actor.ts|file.idl> --node URL [--from <block>]
                                        follow an actor's events as JSON lines (--from: past ones first; Ctrl-C stops)
  balance|mailbox <address|name> --node URL          an account's balance, or its mailbox as JSON lines
  mine [N] --node URL                                make N blocks on a dev node (delayed messages, sleeps)
`;

const NODE = `  --node <URL>       the node's WebSocket URL (default ws://127.0.0.1:9944/rpc)
  --timeout <ms>     how long to wait for the node's answer (default 30000)`;

const ACCOUNT = `  --account <A>      who signs: a dev account name (alice, bob, charlie, dave, eve, ferdie) or a key file,
                     a JSON file {"secretKey": "0x<64 hex digits>"} holding an ed25519 secret seed`;

/** Usage of each node verb. */
export const NET_USAGE: Record<string, string> = {
  deploy: `Usage: sprocket deploy <actor.ts> [--actor Name] [--ctor New] [--args '<JSON array>'] [--value N] --node URL --account A
       sprocket deploy <actor.ts> [--actor Name] --upload-only --node URL --account A

Bundles the actor module (CommonJS with its generated definitions, see docs/rpc.md "Code"), uploads the
code, instantiates it with a constructor and prints the new actor's address. With --upload-only it only
uploads the code and prints its CodeId (what a factory contract spawns actors from).

Options:
  --actor <Name>     the actor class to deploy (needed when the file declares several)
  --ctor <Name>      the constructor (route name New or method name new; default: the only one)
  --args <JSON>      the constructor's arguments as a JSON array (default [])
  --value <N>        value (u128, decimal) given to the new actor
  --gas-limit <N>    gas the constructor may use (default: the node's)
  --salt <0xhex>     mixed into the address, to deploy the same code more than once
  --tsconfig <file>  the tsconfig to bundle with (default: the nearest above the file)
  --upload-only      upload the code and print its CodeId; no actor is created
${ACCOUNT}
${NODE}
  -h, --help
`,
  call: `Usage: sprocket call <address> <actor.ts|file.idl> <Service>.<Function> ['<JSON array>'] --node URL --account A

Sends a signed request to a deployed actor, waits for the reply and prints it as JSON.
The arguments are a JSON array in parameter order (the JSON form of sprocket encode), e.g. '[1]';
leave it out for a function without parameters.

Options:
  --value <N>        value (u128, decimal) sent with the message
  --gas-limit <N>    gas the handler may use (default: the node's)
  --route <N>        the service's route index (default: as in the program)
${ACCOUNT}
${NODE}
  -h, --help
`,
  send: `Usage: sprocket send <address> <actor.ts|file.idl> <Service>.<Function> ['<JSON array>'] --node URL --account A

Sends a signed message without waiting for the reply; prints its MessageId once the node has accepted it.
The arguments are a JSON array in parameter order (the JSON form of sprocket encode), e.g. '[1]';
leave it out for a function without parameters.

Options:
  --value <N>        value (u128, decimal) sent with the message
  --gas-limit <N>    gas the handler may use (default: the node's)
  --delay <blocks>   deliver the message this many blocks later
  --route <N>        the service's route index (default: as in the program)
${ACCOUNT}
${NODE}
  -h, --help
`,
  query: `Usage: sprocket query <address> <actor.ts|file.idl> <Service>.<Function> ['<JSON array>'] --node URL [--account A]

Runs a function against the actor's current state on the node (nothing is signed or logged) and prints the
reply as JSON.
The arguments are a JSON array in parameter order (the JSON form of sprocket encode), e.g. '[1]';
leave it out for a function without parameters.

Options:
  --route <N>        the service's route index (default: as in the program)
  --account <A>      the caller the query runs as (optional)
${NODE}
  -h, --help
`,
  events: `Usage: sprocket events <address> <actor.ts|file.idl> --node URL [--from <block>]

Follows the actor's events live and prints each as a JSON line
{"service","event","data","messageId","block"}; Ctrl-C stops. A node whose data was reset (it
restarted on an empty data dir) is a warning on stderr, and it follows on from the node's new head.

Options:
  --from <block>     first print the events the node still holds from that block on (0: all of them)
${NODE}
  -h, --help
`,
  balance: `Usage: sprocket balance <address|name> --node URL

Prints the balance (u128, decimal) of an account or actor; a dev account's name stands for its address.

Options:
${NODE}
  -h, --help
`,
  mailbox: `Usage: sprocket mailbox <address|name> --node URL

Prints the messages in an account's mailbox as JSON lines {"messageId","from","payload","value","block"}.

Options:
${NODE}
  -h, --help
`,
  mine: `Usage: sprocket mine [N] --node URL

Makes N blocks (default 1) on a dev node (dev_mine) and prints the new height. On a node with --block-time 0
a block is made only when inputs are pending, so delayed messages and sleeps that no caller awaits wait for
the next input: mine brings them in.

Options:
${NODE}
  -h, --help
`,
};
