// A TypeScript port of the Sails demo program (gear-tech/sails examples/demo): the same ten services on the same
// routes, with the same functions, events, types and constructors, so that a client generated from the Rust
// program's IDL (demo_client.idl) drives this actor byte for byte. See README.md for provenance and the differences.
import {
  Actor,
  type ActorId,
  actor,
  err,
  type H160,
  type H256,
  handler,
  type i32,
  init,
  type NonZeroU8,
  type NonZeroU32,
  ok,
  query,
  type Result,
  type u8,
  type u16,
  type u32,
  type u128,
  type u256,
} from '@sprocket/sdk';

/** `struct ReferenceCount(u32);` */
export type ReferenceCount = [u32];

/** `struct TupleStruct(bool);` */
export type TupleStruct = [boolean];

/** An enum with every kind of variant. */
export type ManyVariants =
  | { kind: 'One' }
  | { kind: 'Two'; value: u32 }
  | { kind: 'Three'; value: u256 | null }
  | { kind: 'Four'; a: u32; b: u16 | null }
  | { kind: 'Five'; value: [string, H256] }
  | { kind: 'Six'; value: [u32] };

/** The variant of ManyVariants a DoThat call carried. */
export type ManyVariantsReply = 'One' | 'Two' | 'Three' | 'Four' | 'Five' | 'Six';

/** The parameter of ThisThat.DoThat. */
export interface DoThatParam {
  p1: NonZeroU32;
  p2: ActorId;
  p3: ManyVariants;
}

/** The error of Validator.ValidateRange. */
export type ValidationError = 'TooSmall' | 'TooBig';

/** The events of every service (which service declares each one: `events` in `@actor`). */
export interface DemoEvents {
  /** Emitted when a new value is added to the counter */
  Added: u32;
  /** Emitted when a value is subtracted from the counter */
  Subtracted: u32;
  // biome-ignore lint/suspicious/noConfusingVoidType: an event without fields is declared `void` (`this.emit('Barked')`)
  Barked: void;
  Walked: { from: [i32, i32]; to: [i32, i32] };
  Withheld: u128;
}

/** The fee ValueFee.DoSomethingAndTakeFee keeps (10 VARA). */
const FEE = 10_000_000_000_000n;

@actor({
  name: 'DemoClient',
  services: ['PingPong', 'Counter', 'Dog', 'References', 'ThisThat', 'ValueFee', 'Validator', 'Chaos', 'Chain', 'OverrideGenerics'],
  extends: {
    Dog: ['MammalService', 'WalkerService'],
    Chain: ['Dog'],
    OverrideGenerics: ['BaseService'],
  },
  events: { Counter: ['Added', 'Subtracted'], Dog: ['Barked'], WalkerService: ['Walked'], ValueFee: ['Withheld'] },
})
export class Demo extends Actor<DemoEvents> {
  private counter: u32 = 0;
  private position: [i32, i32] = [0, 0];
  private refCount: u32 = 0;
  private bytes: u8[] = [];
  private num: u8 = 42;
  private totalErrorsSeen: u32 = 0;
  private generic: u32 = 0;

  /** Program constructor (called once at the very beginning of the program lifetime) */
  @init()
  default(): void {}

  /** Another program constructor (called once at the very beginning of the program lifetime) */
  @init({ throws: true })
  new(counter: u32 | null, dog_position: [i32, i32] | null): Result<void, string> {
    this.counter = counter ?? 0;
    this.position = dog_position ?? [0, 0];
    return ok(undefined);
  }

  @init({ throws: true })
  newWithError(value: u32): Result<void, string> {
    if (value === 0) return err('Constructor failed');
    this.counter = value;
    return ok(undefined);
  }

  // ---- PingPong (route 1)

  @handler({ service: 'PingPong' })
  ping(input: string): Result<string, string> {
    return input === 'ping' ? ok('pong') : err('Invalid input');
  }

  // ---- Counter (route 2)

  /** Add a value to the counter */
  @handler({ service: 'Counter' })
  add(value: u32): u32 {
    this.counter += value;
    this.emit('Added', value);
    return this.counter;
  }

  /** Subtract a value from the counter */
  @handler({ service: 'Counter' })
  sub(value: u32): u32 {
    this.counter -= value;
    this.emit('Subtracted', value);
    return this.counter;
  }

  /** Get the current value */
  @query()
  @handler({ service: 'Counter' })
  value(): u32 {
    return this.counter;
  }

  // ---- MammalService and WalkerService (bases of Dog), Dog (route 3)

  @handler({ service: 'MammalService', route: 'MakeSound' })
  mammalMakeSound(): string {
    throw new Error('Not implemented');
  }

  @query()
  @handler({ service: 'MammalService' })
  avgWeight(): u32 {
    return 42;
  }

  @query()
  @handler({ service: 'WalkerService', route: 'Position' })
  walkerPosition(): [i32, i32] {
    return this.position;
  }

  @handler({ service: 'WalkerService' })
  walk(dx: i32, dy: i32): void {
    const from = this.position;
    this.position = [from[0] + dx, from[1] + dy];
    this.emit('Walked', { from, to: this.position });
  }

  @handler({ service: 'Dog', route: 'MakeSound' })
  dogMakeSound(): string {
    this.emit('Barked');
    return 'Woof! Woof!';
  }

  // ---- References (route 4)

  @handler({ service: 'References', route: 'Add' })
  refAdd(v: u32): u32 {
    this.refCount += v;
    return this.refCount;
  }

  @handler({ service: 'References' })
  addByte(byte: u8): Uint8Array {
    this.bytes.push(byte);
    return Uint8Array.from(this.bytes);
  }

  @query()
  @handler({ service: 'References' })
  baked(): string {
    return 'Static str!';
  }

  @handler({ service: 'References' })
  guessNum(number: u8): Result<string, string> {
    if (number > 42) return err('Number is too large');
    return number === this.num ? ok('demo') : err('Try again');
  }

  @handler({ service: 'References' })
  incr(): ReferenceCount {
    this.refCount += 1;
    return [this.refCount];
  }

  @query()
  @handler({ service: 'References' })
  lastByte(): u8 | null {
    return this.bytes[this.bytes.length - 1] ?? null;
  }

  @query()
  @handler({ service: 'References' })
  message(): string | null {
    return 'demo';
  }

  @handler({ service: 'References' })
  setNum(number: u8): Result<void, string> {
    if (number > 42) return err('Number is too large');
    this.num = number;
    return ok(undefined);
  }

  // ---- ThisThat (route 5)

  @handler({ service: 'ThisThat' })
  doThat(param: DoThatParam): Result<[ActorId, NonZeroU32, ManyVariantsReply], [string]> {
    return ok([param.p2, param.p1, param.p3.kind]);
  }

  @handler({ service: 'ThisThat' })
  doThis(p1: u32, p2: string, p3: [H160 | null, NonZeroU8], p4: TupleStruct): [string, u32] {
    // The Rust handler only logs p3 and p4.
    if (p3[1] === 0 || p4.length !== 1) throw new Error('unreachable: the codec refuses these');
    return [p2, p1];
  }

  @handler({ service: 'ThisThat' })
  noop(): void {}

  @query()
  @handler({ service: 'ThisThat' })
  that(): Result<string, string> {
    return ok('Forty two');
  }

  @query()
  @handler({ service: 'ThisThat', route: 'This' })
  thisValue(): u32 {
    return 42;
  }

  // ---- ValueFee (route 6)

  /**
   * Return `Ok(())` if fee taken and remain value,
   * using special type `CommandReply<T>`
   */
  @handler({ service: 'ValueFee', payable: true, throws: true })
  doSomethingAndTakeFee(): Result<void, string> {
    const value = this.ctx.value;
    if (value === 0n) return ok(undefined);
    if (value < FEE) return err('Not enough value');
    this.emit('Withheld', FEE);
    this.ctx.transfer(this.ctx.source, value - FEE);
    return ok(undefined);
  }

  // ---- Validator (route 7)

  @query()
  @handler({ service: 'Validator' })
  totalErrors(): u32 {
    return this.totalErrorsSeen;
  }

  @query()
  @handler({ service: 'Validator', throws: true })
  validateEven(value: u32): Result<u32, void> {
    return value % 2 === 0 ? ok(value) : err(undefined);
  }

  @handler({ service: 'Validator', throws: true })
  validateNonzero(value: u32): Result<void, string> {
    if (value !== 0) return ok(undefined);
    this.totalErrorsSeen += 1;
    return err('Value is zero');
  }

  @handler({ service: 'Validator', throws: true })
  validateRange(value: u32, min: u32, max: u32): Result<u32, ValidationError> {
    if (value < min || value > max) {
      this.totalErrorsSeen += 1;
      return err(value < min ? 'TooSmall' : 'TooBig');
    }
    return ok(value);
  }

  // ---- Chaos (route 8)

  @query()
  @handler({ service: 'Chaos' })
  panicAfterWait(): void {
    throw new Error('Simulated panic after wait');
  }

  @query()
  @handler({ service: 'Chaos' })
  replyHookCounter(): u32 {
    return 0;
  }

  @query()
  @handler({ service: 'Chaos' })
  timeoutWait(): void {}

  // ---- Chain (route 9): extends Dog

  @handler({ service: 'Chain', route: 'MakeSound' })
  chainMakeSound(): string {
    return 'Chain Woof!';
  }

  // On Chain's route, three functions of Dog's bases answer differently (Rust `#[export(overrides = …)]`).

  @handler({ service: 'Chain', overrides: 'MammalService', route: 'MakeSound' })
  chainMammalMakeSound(): string {
    return 'Chain Mammal Sound (via ID)';
  }

  @handler({ service: 'Chain', overrides: 'WalkerService', route: 'Walk' })
  chainWalk(_dx: i32, _dy: i32): void {}

  @query()
  @handler({ service: 'Chain', overrides: 'MammalService', route: 'AvgWeight' })
  chainAvgWeight(): u32 {
    return 99;
  }

  // ---- BaseService (base of OverrideGenerics, route 10)

  @query()
  @handler({ service: 'BaseService' })
  foo(): u32 {
    return this.generic;
  }

  @handler({ service: 'BaseService' })
  setValue(value: u32): void {
    this.generic = value;
  }
}
