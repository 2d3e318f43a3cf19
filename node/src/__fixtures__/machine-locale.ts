// Run as a child process by sandbox-locale.test.ts under different TZ and LC_ALL: prints what contract code sees of
// the machine's time zone and locale (the code reports it by failing to load with it as its message).
import { BlockClock, loadCode } from '../sandbox.js';

const text = `const d = new Date(); const e = new Date(2020, 5, 1, 12);
  throw new Error(JSON.stringify([
    d.getHours(), d.getTimezoneOffset(), d.toString(), d.toTimeString(), String(d), d.toLocaleString(), d.toLocaleDateString(),
    d.toLocaleTimeString(), e.getTime(), Date.parse('2020-06-01T12:00'), (1234.5).toLocaleString(), (12345678901234567890n).toLocaleString(),
    [1234.5, d].toLocaleString(), 'a'.localeCompare('B'), new Intl.NumberFormat().format(1234.5),
    Intl.DateTimeFormat().resolvedOptions().timeZone, new Intl.DateTimeFormat().format(d), Intl.DateTimeFormat().resolvedOptions().locale,
    new Intl.Collator().compare('a', 'B'), 'i'.toLocaleUpperCase(),
  ]));`;
const clock = new BlockClock();
clock.enter(1_700_000_000_000, new Uint8Array(16));
try {
  loadCode(new TextEncoder().encode(text), clock);
} catch (error) {
  console.log((error as { data?: { reason?: string } }).data?.reason?.replace('its top level threw: ', ''));
}
