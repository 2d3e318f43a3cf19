import type { ActorId, Unsubscribe } from '@sprocket/sdk';
import type { ActorRecord } from './actor-record.js';
import type { Clock } from './clock.js';
import type { Recorder } from './recorder.js';
import type { EventRecord } from './records.js';
import { SANDBOX } from './sandbox-globals.js';
import { Window } from './window.js';

/** An event emitted in a segment, published when the segment commits. */
export interface PendingEvent {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Events: the log of what each actor published, and live subscribers. */
export class EventBus {
  /** Per actor, the newest `eventWindow` events it published. */
  readonly log = new Map<ActorId, Window<EventRecord>>();
  private readonly subscribers = new Map<ActorId, Set<(payload: Uint8Array) => void>>();

  constructor(
    private readonly recorder: Recorder,
    private readonly clock: Clock,
    private readonly eventWindow: number,
  ) {}

  /** Events an actor published that are still in its window, oldest first (recorded only with `record`). */
  of(address: ActorId): readonly EventRecord[] {
    return this.log.get(address)?.toArray() ?? [];
  }

  /** How many of an actor's events fell out of its window. */
  droppedOf(address: ActorId): number {
    return this.log.get(address)?.dropped ?? 0;
  }

  /** Subscribes to the committed events of an actor (raw Sails payloads). */
  subscribe(source: ActorId, listener: (payload: Uint8Array) => void): Unsubscribe {
    let set = this.subscribers.get(source);
    if (set === undefined) {
      set = new Set();
      this.subscribers.set(source, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      // A test may subscribe to every actor it deploys: an address nobody listens to any more keeps no entry.
      if (set.size === 0 && this.subscribers.get(source) === set) this.subscribers.delete(source);
    };
  }

  /** Addresses with at least one subscriber. */
  get subscribed(): number {
    return this.subscribers.size;
  }

  /** Publishes the events of a committed segment of message `seq`. */
  publish(actor: ActorRecord, seq: number, events: readonly PendingEvent[]): void {
    const listeners = this.subscribers.get(actor.id);
    const rec = this.recorder;
    const block = this.clock.blockHeight;
    for (const { name, bytes } of events) {
      if (rec.on) {
        let log = this.log.get(actor.id);
        if (log === undefined) {
          log = new Window(this.eventWindow);
          this.log.set(actor.id, log);
        }
        log.push({ actor: actor.id, name, payload: bytes, block, messageId: this.clock.messageId(seq) });
        rec.log.push({ type: 'event', block, seq, from: actor.label, to: '', payload: bytes, code: actor.code, event: name });
      }
      if (listeners !== undefined) {
        // Subscribers are the host's code, not the contract's: they see the host's globals.
        const segment = SANDBOX.segment;
        SANDBOX.segment = undefined;
        for (const listener of listeners) {
          try {
            listener(bytes);
          } catch {
            // A subscriber's failure is the subscriber's business; the runtime keeps going.
          }
        }
        SANDBOX.segment = segment;
      }
    }
  }
}
