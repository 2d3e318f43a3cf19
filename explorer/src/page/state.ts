// The page's shared state: the connection, the chain as far as the page has seen it, labels, and parsed IDLs.
import { computed, type Signal, signal } from '@preact/signals';
import { DEV_ACCOUNT_NAMES, devAccount } from '@sprocket/sdk';
import { keepBlocks } from './block-runs.js';
import { type ActorModel, modelFromIdl } from './idl-model.js';
import { defaultRpcUrl, RpcClient, RpcError } from './rpc.js';
import type { ActorListItem, ActorView, BlockView, CodeView, ListPage, NodeInfo } from './types.js';

/** The page's one connection to the node. */
export const rpc = new RpcClient(defaultRpcUrl());
/** `node_info`, once known. */
export const info = signal<NodeInfo | undefined>(undefined);
/** The newest blocks the page has seen, newest first. */
export const blocks = signal<readonly BlockView[]>([]);
/** `actor_list`, refreshed on every new block. */
export const actors = signal<readonly ActorListItem[]>([]);
/** The last error of the background loading, for the header. */
export const loadError = signal<string | undefined>(undefined);
/** Counts the sockets opened: a view that failed while the node was away loads again when it changes. */
export const opens = signal(0);
/** Counts the chain resets seen (the node started again on fresh data): every open view loads again when it changes. */
export const chainEpoch = signal(0);

const KEEP_BLOCKS = 50;

/** The dev accounts (`alice` …) with their addresses. */
export const devAccounts = DEV_ACCOUNT_NAMES.map((name) => devAccount(name));

/** Address → readable label: dev account names, then actor labels (`Counter#1` or the node's label). */
export const labels = computed(() => {
  const out = new Map<string, string>();
  for (const a of devAccounts) out.set(a.address, a.name);
  const counts = new Map<string, number>();
  for (const a of actors.value) {
    const n = (counts.get(a.actor) ?? 0) + 1;
    counts.set(a.actor, n);
    out.set(a.address.toLowerCase(), a.label ?? `${a.actor}#${n}`);
  }
  return out;
});

/** The label of an address, or its short form. */
export function labelOf(address: string | undefined | null): string {
  if (address === undefined || address === null) return '—';
  return labels.value.get(address.toLowerCase()) ?? shortHex(address);
}

/** `0x1234…abcd`. */
export function shortHex(h: string, head = 6, tail = 4): string {
  return h.length <= 2 + head + tail + 1 ? h : `${h.slice(0, 2 + head)}…${h.slice(-tail)}`;
}

function addBlock(b: BlockView): void {
  blocks.value = keepBlocks([b, ...blocks.value.filter((x) => x.height !== b.height)], KEEP_BLOCKS);
}

async function refreshActors(): Promise<void> {
  actors.value = await rpc.request<ActorListItem[]>('actor_list');
}

// Loads the node's info, the newest blocks and the actors. After a reconnect the node may be another run of it: a
// chain that reset (a kept block above its head, or one whose hash it no longer has) replaces what the page showed.
async function loadChain(): Promise<void> {
  try {
    const before = info.value;
    const now = await rpc.request<NodeInfo>('node_info');
    const head = await rpc.request<BlockView>('chain_head');
    const kept = blocks.value.find((b) => b.height === head.height);
    const otherGenesis = before?.genesis !== undefined && now.genesis !== undefined && before.genesis !== now.genesis;
    if (otherGenesis || blocks.value.some((b) => b.height > head.height) || (kept !== undefined && kept.hash !== head.hash)) {
      blocks.value = [];
      actors.value = [];
      resetCaches();
      chainEpoch.value++;
    }
    info.value = now;
    addBlock(head);
    const older: Promise<BlockView>[] = [];
    for (let h = head.height - 1; h >= Math.max(0, head.height - 19); h--) older.push(rpc.request<BlockView>('chain_block', { height: h }));
    for (const b of await Promise.all(older)) addBlock(b);
    await refreshActors();
    loadError.value = undefined;
  } catch (e) {
    loadError.value = e instanceof Error ? e.message : String(e);
  }
}

/** Loads the node's info, the newest blocks and the actors, then follows new blocks live, reloading after a reconnect. */
export async function startChain(): Promise<void> {
  let loading: Promise<void> | undefined;
  const load = (): Promise<void> => {
    loading ??= loadChain().finally(() => {
      loading = undefined;
    });
    return loading;
  };
  // The first open finds the first load waiting for it; every later one reloads.
  rpc.onOpen(() => {
    opens.value++;
    // An actor that failed to load while the node was away loads again.
    for (const [key, entry] of actorCache) if (entry.sig.value?.error !== undefined) loadActor(key, entry);
    void load();
  });
  await load();
  rpc.subscribe({ topic: 'blocks' }, (result) => {
    const b = result as BlockView;
    addBlock(b);
    const i = info.value;
    if (i !== undefined && b.height > i.height) info.value = { ...i, height: b.height };
    refreshActors().catch(() => undefined);
  });
}

/** Most rows a list view loads (it says how many more there are). */
export const LIST_LIMIT = 1000;

/** Every row of a paginated listing, page by page, up to {@link LIST_LIMIT}; undefined when the node has no such method. */
export async function listAll<T>(method: string): Promise<{ items: T[]; total: number } | undefined> {
  const items: T[] = [];
  let offset: number | null = 0;
  let total = 0;
  try {
    while (offset !== null && items.length < LIST_LIMIT) {
      const page: ListPage<T> = await rpc.request<ListPage<T>>(method, { offset, limit: Math.min(100, LIST_LIMIT - items.length) });
      items.push(...page.items);
      total = page.total;
      offset = page.next;
    }
  } catch (e) {
    if (e instanceof RpcError && (e.code === 'METHOD_NOT_FOUND' || e.rpcCode === -32601)) return undefined;
    throw e;
  }
  return { items, total };
}

/** A parsed code: its record and each actor's model (or why its IDL did not parse). */
export interface CodeInfo {
  readonly code: CodeView;
  readonly models: ReadonlyMap<string, ActorModel | Error>;
}

/** What the page knows about an actor: its record and its model. */
export interface ActorInfo {
  readonly actor: ActorView;
  readonly model: ActorModel | undefined;
  readonly modelError: string | undefined;
}

/** A value loading in the background: undefined while loading; `notFound` when the node has no such thing. */
export type Loading<T> = { readonly value?: T; readonly error?: string; readonly notFound?: boolean } | undefined;

/** True when the node answered that the thing asked for does not exist (on this chain), not that it failed. */
export function isNotFound(e: unknown): boolean {
  if (!(e instanceof RpcError)) return false;
  if (e.code === 'UNKNOWN_ACTOR' || e.code === 'UNKNOWN_CODE') return true;
  // A malformed id is INVALID_PARAMS too: only the node's "no message …" / "no block …" means it has none.
  const path = e.data?.path;
  return e.code === 'INVALID_PARAMS' && (path === 'messageId' || path === 'height') && /\bno (such )?(message|block)\b/.test(e.message);
}

// After a reset every cached record may belong to the old chain: codes are forgotten, and each open actor loads again
// (its page shows the new chain's record, or that there is no such actor any more).
function resetCaches(): void {
  codeCache.clear();
  for (const [key, entry] of actorCache) {
    entry.sig.value = undefined;
    entry.loading = false;
    entry.generation++;
    loadActor(key, entry);
  }
}

const codeCache = new Map<string, Promise<CodeInfo>>();
const actorCache = new Map<string, ActorEntry>();

/** The code record with parsed IDLs (cached; codes never change). */
export function loadCode(codeId: string): Promise<CodeInfo> {
  let p = codeCache.get(codeId);
  if (p === undefined) {
    p = rpc.request<CodeView>('code_get', { codeId }).then((code) => {
      const models = new Map<string, ActorModel | Error>();
      for (const [name, idl] of Object.entries(code.idl ?? {})) {
        try {
          models.set(name, modelFromIdl(idl, `${name}.idl`));
        } catch (e) {
          models.set(name, e instanceof Error ? e : new Error(String(e)));
        }
      }
      return { code, models };
    });
    p.catch(() => codeCache.delete(codeId));
    codeCache.set(codeId, p);
  }
  return p;
}

async function fetchActor(address: string): Promise<ActorInfo> {
  const actor = await rpc.request<ActorView>('actor_get', { address });
  const code = await loadCode(actor.codeId);
  const m = code.models.get(actor.actor);
  return {
    actor,
    model: m instanceof Error ? undefined : m,
    modelError:
      m instanceof Error ? m.message : m === undefined ? `code ${shortHex(actor.codeId)} has no IDL for ${actor.actor}` : undefined,
  };
}

interface ActorEntry {
  readonly sig: Signal<Loading<ActorInfo>>;
  loading: boolean;
  // Bumped by a reset, so that an answer about the old chain arriving late is dropped.
  generation: number;
}

function loadActor(address: string, entry: ActorEntry): void {
  if (entry.loading) return;
  entry.loading = true;
  const generation = entry.generation;
  fetchActor(address).then(
    (value) => {
      if (generation !== entry.generation) return;
      entry.loading = false;
      entry.sig.value = { value };
    },
    (e: unknown) => {
      if (generation !== entry.generation) return;
      entry.loading = false;
      const notFound = isNotFound(e);
      // Keep what is shown when a refresh fails; report the error when there is nothing yet, or the actor is gone.
      if (entry.sig.value?.value === undefined || notFound)
        entry.sig.value = { error: e instanceof Error ? e.message : String(e), notFound };
    },
  );
}

/** A signal with the actor's info, loading it once (an account that is no actor gives an error, retried on the next use). */
export function actorSignal(address: string): Signal<Loading<ActorInfo>> {
  const key = address.toLowerCase();
  let entry = actorCache.get(key);
  if (entry === undefined) {
    entry = { sig: signal<Loading<ActorInfo>>(undefined), loading: false, generation: 0 };
    actorCache.set(key, entry);
    loadActor(address, entry);
  } else if (entry.sig.value?.error !== undefined) loadActor(address, entry);
  return entry.sig;
}

/** Reloads an actor's record (balance, status) after a change, keeping the old one on screen meanwhile. */
export function refreshActor(address: string): void {
  const entry = actorCache.get(address.toLowerCase());
  if (entry !== undefined) loadActor(address, entry);
}
