// An NFT registry: the owner mints, holders transfer; metadata per token.
import { Actor, type ActorId, actor, handler, init, query, type Result, type u64 } from '@sprocket/sdk';

/** What a token describes. */
export interface TokenMeta {
  name: string;
  uri: string;
}

/** The one way a burn is refused: an enum with a single variant. */
export type NotOwner = 'NotOwner';

/** Events of the registry. */
export interface NftEvents {
  Minted: { id: u64; to: ActorId };
  Transferred: { id: u64; from: ActorId; to: ActorId };
  Burned: { id: u64 };
}

/** A registry of non-fungible tokens. */
@actor()
export class Nft extends Actor<NftEvents> {
  private admin: ActorId = '0x';
  private nextId: u64 = 1n;
  private owners = new Map<u64, ActorId>();
  private held = new Map<ActorId, u64[]>();
  private meta = new Map<u64, TokenMeta>();

  @init()
  new(): void {
    this.admin = this.ctx.source;
  }

  mint(to: ActorId, meta: TokenMeta): u64 {
    if (this.ctx.source !== this.admin) throw new Error('only the admin mints');
    const id = this.nextId;
    this.nextId += 1n;
    this.owners.set(id, to);
    this.meta.set(id, meta);
    this.held.set(to, [...(this.held.get(to) ?? []), id]);
    this.emit('Minted', { id, to });
    return id;
  }

  transfer(id: u64, to: ActorId): void {
    const from = this.owners.get(id);
    if (from === undefined) throw new Error(`no token ${id}`);
    if (from !== this.ctx.source) throw new Error(`token ${id} is not yours`);
    this.owners.set(id, to);
    this.held.set(
      from,
      (this.held.get(from) ?? []).filter((t) => t !== id),
    );
    this.held.set(to, [...(this.held.get(to) ?? []), id]);
    this.emit('Transferred', { id, from, to });
  }

  /** Burns a token its caller owns; any other caller gets the typed error NotOwner. */
  @handler({ throws: true })
  burn(id: u64): Result<void, NotOwner> {
    const owner = this.owners.get(id);
    if (owner !== this.ctx.source) return { err: 'NotOwner' };
    this.owners.delete(id);
    this.meta.delete(id);
    this.held.set(
      owner,
      (this.held.get(owner) ?? []).filter((t) => t !== id),
    );
    this.emit('Burned', { id });
    return { ok: undefined };
  }

  @query()
  ownerOf(id: u64): ActorId | null {
    return this.owners.get(id) ?? null;
  }

  @query()
  tokensOf(who: ActorId): u64[] {
    return this.held.get(who) ?? [];
  }

  @query()
  metadata(): Map<u64, TokenMeta> {
    return this.meta;
  }
}
