import type { Json } from '@sprocket/sdk';
import { escapeBidi } from '../bidi.js';
import { type ActorModel, callableOf, type Decoded, decodeCall, decodeEvent, decodeReply } from '../idl-model.js';
import { actorSignal } from '../state.js';
import type { EventRef, MessageView } from '../types.js';

/** A message decoded as far as the page can: route, arguments, reply or error, events. */
export interface DecodedMessage {
  readonly route: string | undefined;
  readonly args: Decoded | undefined;
  readonly reply: Decoded | undefined;
  readonly events: readonly { readonly actor: string; readonly decoded: Decoded; readonly raw: string }[];
  readonly failed: boolean;
}

/** The hex payload and emitter of an event reference. */
export function eventParts(ev: EventRef, fallbackActor: string): { payload: string | undefined; actor: string } {
  return typeof ev === 'string' ? { payload: ev, actor: fallbackActor } : { payload: ev.payload, actor: ev.actor ?? fallbackActor };
}

/** An event the node sent already decoded (a name and its JSON), or undefined when only bytes came. */
function predecoded(ev: EventRef): Decoded | undefined {
  if (typeof ev === 'string' || ev.name === undefined) return undefined;
  const data = ev.json ?? ev.data;
  return { what: ev.name, json: (data ?? null) as Json };
}

function modelOf(address: string): ActorModel | undefined {
  return actorSignal(address).value?.value?.model;
}

/** True when the message view says the message failed (an error status or reply code). */
export function isFailed(m: MessageView): boolean {
  const s = (m.status ?? '').toLowerCase();
  if (m.rolledBack === true || s.includes('roll') || s.includes('err') || s.includes('fail')) return true;
  const c = m.replyCode ?? '';
  return c !== '' && c !== 'OK' && c !== 'SUCCESS' && c.toLowerCase() !== 'ok';
}

/** Decodes a message view with the IDL of its receiver (reading the `actorSignal`s, so views re-render on load). */
export function decodeMessage(m: MessageView): DecodedMessage {
  const model = modelOf(m.to);
  const failed = isFailed(m);
  let args: Decoded | undefined;
  let reply: Decoded | undefined;
  let route = m.route ?? undefined;
  if (model !== undefined && m.payload !== undefined) {
    args = decodeCall(model, m.payload);
    if (route === undefined && args.what !== undefined) route = args.what;
    if (m.reply !== undefined && m.reply !== null) {
      const fn = callableOf(model, hexBytes(m.payload));
      if (fn !== undefined) reply = decodeReply(model, fn, m.reply, failed);
    }
  } else if (model !== undefined && route !== undefined && m.reply !== undefined && m.reply !== null) {
    const fn = model.functions.find((f) => f.what === route || f.name === route);
    if (fn !== undefined) reply = decodeReply(model, fn, m.reply, failed);
  }
  const events = (m.events ?? []).map((ev) => {
    const { payload, actor } = eventParts(ev, m.to);
    const em = modelOf(actor);
    const given = predecoded(ev);
    const decoded =
      payload !== undefined && em !== undefined
        ? decodeEvent(em, payload)
        : (given ?? { error: payload === undefined ? 'no payload' : 'no IDL' });
    return { actor, raw: payload ?? '', decoded };
  });
  return { route, args, reply, events, failed };
}

function hexBytes(h: string): Uint8Array {
  const clean = h.startsWith('0x') ? h.slice(2) : h;
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The JSON of a decoded event as `Name(json)` text. */
export function eventText(d: Decoded): string {
  if (d.what === undefined) return d.error ?? '?';
  const name = d.what.split('.').pop() as string;
  return d.json === null || d.json === undefined ? name : `${name}(${escapeBidi(JSON.stringify(d.json as Json))})`;
}
