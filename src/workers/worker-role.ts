import type { StateChannel } from '../shared-state/state-channel.js';

/**
 * What one worker of `lifeline start --workers N` is: its number (1…N, kept by its replacement
 * when it dies), its channel to the primary, and whether it runs the jobs that must run once per
 * machine (active probes, official status polling, retention): worker 1 does.
 */
export interface WorkerRole {
  id: number;
  /** To the primary, which holds the workers' shared state when `state.redis_url` is not set. */
  channel: StateChannel;
  runsSingletonJobs: boolean;
}

/** Environment variable that tells a forked process its worker number. */
export const WORKER_ID_VARIABLE = 'LIFELINE_WORKER_ID';
