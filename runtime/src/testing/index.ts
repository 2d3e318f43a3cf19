// @sprocket/runtime/testing — the unit-test kit.

export { GAS_REPORT_SINK, type GasReportSink } from '../gas-report.js';
export type { SystemSnapshot } from '../snapshot.js';
export { SYSTEM_SENDER, type TraceEntry } from '../trace.js';
export { User } from '../user.js';
export {
  type ClientKey,
  type ClientOf,
  type ClientOptions,
  clientFor,
  clientKey,
  type EventsOf,
  type MethodKeys,
  type ReservedClientKey,
} from './client-of.js';
export { type FixtureResult, fixture, type LoadFixture } from './fixture.js';
export {
  type AccountRef,
  createTestSystem,
  type DecodedEvent,
  type DeployedClient,
  type GeneratedClientClass,
  type TestDeployOptions,
  TestSystem,
  type TestSystemOptions,
} from './test-system.js';
export {
  type DefinitionSource,
  type EmittedEvent,
  type MockableClient,
  MockContext,
  type MockContextOptions,
  mockContext,
  type SentRecord,
  type UnitActor,
  type UnitActorOptions,
  type UnitPayloadLimits,
  unitActor,
} from './unit.js';
export type { MockCall, MockHandlers } from './unit-requests.js';
