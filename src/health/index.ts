export { createHealthMonitor, type HealthMonitor, type HealthMonitorOptions, type MonitoredGateway } from './health-monitor.js';
export { healthConfigSchema, DEFAULT_HEALTH, type HealthConfig } from './health-config.js';
export type { KeyCheck, KeyCheckOutcome, ProbeOutcome } from './active-prober.js';
export { providerComponentId, targetComponentId } from './component-id.js';
export { toComponentStatus } from './to-component-status.js';
export * from './health-types.js';
