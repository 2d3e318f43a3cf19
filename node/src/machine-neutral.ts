// What contract code would otherwise read from the machine: its time zone and its locale. `new Date().getHours()`,
// `date.toString()`, `(1234.5).toLocaleString()` or `new Intl.DateTimeFormat().format(d)` differ between a node
// started with TZ=Asia/Tokyo LANG=de_DE and one in UTC, so the same input log would give different state roots
// (and `sprocket node verify` on another machine would fail). Contract code sees UTC and en-US everywhere.
import vm from 'node:vm';

/** The locale contract code gets when it names none. */
export const CONTRACT_LOCALE = 'en-US';

/**
 * Runs the process in UTC. The time zone is process-wide (Node applies a change of `process.env.TZ` at once), and
 * the node's process hosts contract code: local-time Date methods and parsing there must not depend on the machine.
 */
export function pinTimeZone(): void {
  if (process.env.TZ !== 'UTC') process.env.TZ = 'UTC';
}

const two = (n: number): string => String(n).padStart(2, '0');

/** Gives a Date class of contract code the fixed locale where Date reads the machine's (`toString`'s zone name, `toLocale*`). */
export function neutralDates(date: { prototype: Date }): void {
  const proto = Date.prototype;
  const time = (d: Date): string =>
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT+0000 (Coordinated Universal Time)`;
  type Method = (this: Date, locales?: unknown, options?: unknown) => string;
  const localized = (f: (this: Date, l?: string, o?: Intl.DateTimeFormatOptions) => string): Method =>
    function (this: Date, locales?: unknown, options?: unknown): string {
      return f.call(this, (locales ?? CONTRACT_LOCALE) as string, utcOptions(options));
    };
  const methods: Record<string, Method> = {
    toString(this: Date): string {
      return Number.isNaN(this.getTime()) ? 'Invalid Date' : `${proto.toDateString.call(this)} ${time(this)}`;
    },
    toTimeString(this: Date): string {
      return Number.isNaN(this.getTime()) ? 'Invalid Date' : time(this);
    },
    toLocaleString: localized(proto.toLocaleString),
    toLocaleDateString: localized(proto.toLocaleDateString),
    toLocaleTimeString: localized(proto.toLocaleTimeString),
  };
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(date.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }
}

function utcOptions(options: unknown): Intl.DateTimeFormatOptions {
  const o = (typeof options === 'object' && options !== null ? options : {}) as Intl.DateTimeFormatOptions;
  return o.timeZone === undefined ? { ...o, timeZone: 'UTC' } : o;
}

// Inside a contract's context: Intl constructors and the realm's locale-aware methods default to the fixed locale
// (and date formats to UTC). Run once per context, before contract code.
const PRELUDE = `(function (L) {
  const I = globalThis.Intl;
  const utc = (o) => { const x = o === undefined || o === null ? {} : Object(o); return x.timeZone === undefined ? { ...x, timeZone: 'UTC' } : x; };
  for (const name of ['Collator', 'DateTimeFormat', 'DisplayNames', 'ListFormat', 'NumberFormat', 'PluralRules', 'RelativeTimeFormat', 'Segmenter']) {
    const C = I[name];
    if (typeof C !== 'function') continue;
    const dates = name === 'DateTimeFormat';
    const W = function (locales, options) { return new C(locales === undefined ? L : locales, dates ? utc(options) : options); };
    Object.defineProperty(W, 'prototype', { value: C.prototype });
    Object.defineProperty(W, 'name', { value: name });
    W.supportedLocalesOf = C.supportedLocalesOf.bind(C);
    Object.defineProperty(I, name, { value: W, writable: true, configurable: true, enumerable: false });
  }
  const at = (proto, name, index) => {
    const f = proto[name];
    Object.defineProperty(proto, name, { value: { [name](...a) { if (a[index] === undefined) a[index] = L; return f.apply(this, a); } }[name], writable: true, configurable: true, enumerable: false });
  };
  at(Number.prototype, 'toLocaleString', 0);
  at(BigInt.prototype, 'toLocaleString', 0);
  at(Array.prototype, 'toLocaleString', 0);
  at(String.prototype, 'localeCompare', 1);
  at(String.prototype, 'toLocaleUpperCase', 0);
  at(String.prototype, 'toLocaleLowerCase', 0);
})`;

/** Makes a contract context's Intl and locale-aware methods use the fixed locale (and UTC) unless the code names one. */
export function neutralLocale(context: vm.Context): void {
  const install = new vm.Script(PRELUDE, { filename: 'sprocket-locale.js' }).runInContext(context) as (locale: string) => void;
  install(CONTRACT_LOCALE);
}
