import { describe, expect, it } from 'vitest';
import { extractFromSource } from '../extract/index.js';
import { parseIdl } from '../idl/parser.js';
import { findTarget } from './target.js';

const { manifests } = extractFromSource(
  'poll.ts',
  "import { Actor, actor, type u32 } from '@sprocket/sdk';\n@actor() export class Poll extends Actor<{ Voted: u32 }> {\n  vote(option: u32): u32 { return option; }\n}\n",
);

describe('findTarget', () => {
  it('suggests the service for a function or event named without it', () => {
    expect(manifests).toHaveLength(1);
    expect(() => findTarget(manifests, 'Vote', undefined, 'call')).toThrow(
      'expected <Service>.<Function>, got Vote: did you mean Poll.Vote?',
    );
    expect(() => findTarget(manifests, 'vote', undefined, 'call')).toThrow('did you mean Poll.Vote?');
    expect(() => findTarget(manifests, 'Voted', undefined, 'encode')).toThrow('did you mean Poll.Voted?');
  });
  it('keeps the plain usage error for a name the file does not have, and resolves a full spec', () => {
    expect(() => findTarget(manifests, 'Nope', undefined, 'call')).toThrow(/^expected <Service>\.<Function>, got Nope$/);
    expect(findTarget(manifests, 'Poll.Vote', undefined, 'call').what).toBe('Poll.Vote');
  });
  it('calls a service named by its declaration on the route that exposes it, not on route 0', () => {
    // Sails infers route 0 only when one route has the interface; `Counter: First, Counter: Second` has two.
    const idl = `service Counter {
    functions {
        Add(v: u32) -> u32;
    }
}

service Solo {
    functions {
        Ping() -> u8;
    }
}

program Zoo {
    services {
        Solo: Main,
        Counter: First,
        Counter: Second,
    }
}
`;
    const zoo = [parseIdl(idl, 'zoo.idl')];
    expect(findTarget(zoo, 'Solo.Ping', undefined, 'call').route).toBe(1);
    expect(findTarget(zoo, 'Main.Ping', undefined, 'call').route).toBe(1);
    expect(findTarget(zoo, 'Counter.Add', undefined, 'call').route).toBe(2);
    expect(findTarget(zoo, 'Second.Add', undefined, 'call').route).toBe(3);
  });
});
