import { createTestSystem } from '@sprocket/runtime/testing';
import { CounterClient, RelayClient } from './counter/counter.gen.js';
import { Counter, Relay } from './counter/counter.js';
import { AuctionClient } from './auction/auction.gen.js';
import { Auction } from './auction/auction.js';

const sys = createTestSystem({ seed: 1 });
const counter = sys.at(CounterClient, (await sys.deploy(Counter, 'new', [5])).address);
console.log(await counter.add(10));
try { await counter.sub(100); } catch (e) { console.log(e, (e as any).code, (e as any).route, (e as any).reason); }
counter.send.add(1);
await sys.runUntilIdle();
console.log(await counter.value());
const relay = sys.at(RelayClient, (await sys.deploy(Relay)).address);
console.log(await relay.addTo(counter.address, 4));
console.log(sys.events(counter));
console.log(sys.trace());
const alice = sys.user('alice', { balance: 1000n });
const bob = sys.user('bob', { balance: 1000n });
const auction = sys.at(AuctionClient, (await sys.deploy(Auction, 'new', ['vase', 10], { from: 'seller' })).address);
const a2 = AuctionClient.at(alice, auction.address);
console.log(await a2.bid({ value: 100n }));
console.log(await AuctionClient.at(bob, auction.address).bid({ value: 150n }));
try { await AuctionClient.at(bob, auction.address).bid({ value: 120n }); } catch (e) { console.log(String(e)); }
console.log(alice.balance(), bob.balance(), sys.blockHeight);
await sys.runBlocks(10);
console.log(await auction.state(), sys.blockHeight, sys.balance('seller'));
console.log(sys.trace().split('\n').slice(-12).join('\n'));
