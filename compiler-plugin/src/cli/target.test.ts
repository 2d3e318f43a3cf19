import { describe, expect, it } from 'vitest';
import { extractFromSource } from '../extract/index.js';
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
});
