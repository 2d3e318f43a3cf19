import { describe, expect, it } from 'vitest';
import { SdkError } from '../errors/sprocket-error.js';
import { Actor } from './actor.js';

interface Events {
  Added: number;
}

class Named extends Actor<Events> {
  add(): void {
    this.emit('Added', 1);
  }
  source(): unknown {
    return this.ctx.source;
  }
}

function thrown(f: () => unknown): SdkError {
  try {
    f();
  } catch (e) {
    if (e instanceof SdkError) return e;
    throw e;
  }
  throw new Error('expected an SdkError');
}

describe('a context operation outside a handler', () => {
  it('names the class and this.ctx', () => {
    const e = thrown(() => new Named().source());
    expect(e.code).toBe('SDK_NO_CONTEXT');
    expect(e.message).toBe(
      'Named: this.ctx is only available while a handler runs (deploy the actor, or give it a mock context in a unit test)',
    );
  });

  it('names this.emit and the event, which the author wrote, rather than this.ctx', () => {
    const e = thrown(() => new Named().add());
    expect(e.code).toBe('SDK_NO_CONTEXT');
    expect(e.message).toMatch(/^Named: this\.emit\("Added"\) is only available while a handler runs/);
  });

  it('says the class has no name instead of starting with a bare colon', () => {
    const Anonymous = (() =>
      class extends Actor<Events> {
        add(): void {
          this.emit('Added', 1);
        }
      })();
    const e = thrown(() => new Anonymous().add());
    expect(e.message).toMatch(/^an actor of an anonymous class: this\.emit\("Added"\)/);
  });
});
