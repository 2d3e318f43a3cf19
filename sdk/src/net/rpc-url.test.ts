import { describe, expect, it } from 'vitest';
import { rpcUrl } from './rpc-url.js';

describe('rpcUrl', () => {
  it('adds /rpc to a URL without a path and turns http(s) into ws(s)', () => {
    expect(rpcUrl('ws://127.0.0.1:9944')).toBe('ws://127.0.0.1:9944/rpc');
    expect(rpcUrl('http://node.example:80/')).toBe('ws://node.example/rpc');
    expect(rpcUrl('https://node.example/custom')).toBe('wss://node.example/custom');
  });

  it('takes a host and port without a scheme as ws://, and drops the trailing slash of /rpc/ (the node serves /rpc alone)', () => {
    expect(rpcUrl('127.0.0.1:9944')).toBe('ws://127.0.0.1:9944/rpc');
    expect(rpcUrl('localhost:9944/rpc')).toBe('ws://localhost:9944/rpc');
    expect(rpcUrl('ws://127.0.0.1:9944/rpc/')).toBe('ws://127.0.0.1:9944/rpc');
    expect(rpcUrl('wss://node.example/rpc/?x=1')).toBe('wss://node.example/rpc?x=1');
  });

  it('refuses what is not a ws(s) or http(s) URL with SDK_BAD_URL naming the input', () => {
    expect(() => rpcUrl('ftp://x')).toThrow(
      expect.objectContaining({ code: 'SDK_BAD_URL', message: expect.stringContaining('"ftp://x"') }),
    );
    expect(() => rpcUrl('not a url')).toThrow(expect.objectContaining({ code: 'SDK_BAD_URL' }));
    // A bare word has no port: it is refused, not dialled as a host name.
    expect(() => rpcUrl('not-a-url')).toThrow(
      expect.objectContaining({ code: 'SDK_BAD_URL', message: expect.stringContaining('not a node URL') }),
    );
    expect(rpcUrl('[::1]:9944')).toBe('ws://[::1]:9944/rpc');
  });
});
