export { runCli } from './program.js';
export type { RunCliOptions } from './program.js';
export { runDemo } from './demo/run-demo.js';
export type {
  ControllerStatus,
  ControllerSummary,
  DemoOptions,
  DemoProgressEvent,
  DemoSummary,
  DiffSummary,
  InformerStatus,
  InformerSummary,
  MirrorStatus,
} from './demo/demo-types.js';
export type { ControllerCounts } from './demo/controller-stage.js';
export type { FaultReaction, FaultRecord } from './demo/fault-driver.js';
export type { ReplicaCounts } from './demo/replica.js';
export type { FaultKind } from './demo/faults.js';
export type { IndexReport } from './demo/index-report.js';
export type { ReflectorHealth } from './internal/reflector-health.js';
export { CliError } from './errors.js';
export type { CliErrorCode, CliErrorOptions } from './errors.js';
