// Starts a node with its RPC server: what `sprocket node` and the tests run.
import { isNodeError } from './errors.js';
import { FreshDataDir } from './fresh-data-dir.js';
import { SprocketNode } from './node.js';
import type { NodeOptions } from './node-options.js';
import { RpcServer, type RpcServerOptions } from './rpc/server.js';

/** Options of a node and its server. */
export type StartOptions = NodeOptions & RpcServerOptions;

/** A node listening on a port. */
export interface StartedNode {
  readonly node: SprocketNode;
  readonly server: RpcServer;
  readonly port: number;
  /** `ws://HOST:PORT/rpc`. */
  readonly url: string;
  /** `http://HOST:PORT/rpc`. */
  readonly httpUrl: string;
  /** Stops the server, then the node (its store closed cleanly). */
  stop(): Promise<void>;
}

/** Opens the node in `dataDir` and serves JSON-RPC on `host:port` (port 0 picks a free one). */
export async function startNode(options: StartOptions): Promise<StartedNode> {
  const fresh = FreshDataDir.prepare(options.dataDir);
  let node: SprocketNode;
  try {
    node = await SprocketNode.open(options);
  } catch (error) {
    // Locked: another node holds the directory, and what appeared in it since is that node's.
    if (!isNodeError(error, 'NODE_LOCKED')) fresh.remove();
    throw error;
  }
  let server: RpcServer | undefined;
  let port: number;
  try {
    server = new RpcServer(node, options);
    port = await server.listen();
  } catch (error) {
    await server?.close();
    await node.close();
    fresh.remove();
    throw error;
  }
  const host = options.host ?? '127.0.0.1';
  const shown = host.includes(':') ? `[${host}]` : host;
  let stopping: Promise<void> | undefined;
  return {
    node,
    server,
    port,
    url: `ws://${shown}:${port}/rpc`,
    httpUrl: `http://${shown}:${port}/rpc`,
    stop: () => {
      stopping ??= (async () => {
        await server.close();
        await node.close();
      })();
      return stopping;
    },
  };
}
