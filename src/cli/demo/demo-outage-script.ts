import type { SimulatorHandle } from '../../simulators/index.js';
import type { DemoSettings } from './demo-settings.js';

/** The simulated providers the script acts on. */
export interface DemoSimulators {
  anthropic: SimulatorHandle;
  openai: SimulatorHandle;
}

/** One step of the scripted outage. */
export interface DemoPhase {
  name: 'healthy' | 'overload' | 'outage' | 'recovery';
  /** What is happening, in plain words, printed when the phase starts. */
  headline: string;
  /** How long the phase lasts; the recovery phase ends earlier when every incident resolved. */
  durationMs: number;
  /** Puts the simulators into this phase's state. */
  enter(simulators: DemoSimulators): Promise<void>;
}

/** Healthy → overload (529) → hard outage (refused connections) → recovery. */
export function demoPhases(settings: DemoSettings): DemoPhase[] {
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  return [
    {
      name: 'healthy',
      headline: `phase 1/4 HEALTHY (${seconds(settings.phases.healthyMs)}): both simulated providers answer; claude-* requests go to anthropic, the route's first choice`,
      durationMs: settings.phases.healthyMs,
      enter: async () => undefined,
    },
    {
      name: 'overload',
      headline: `phase 2/4 OVERLOAD (${seconds(settings.phases.overloadMs)}): the simulated anthropic now answers every request with 529 overloaded_error`,
      durationMs: settings.phases.overloadMs,
      enter: async ({ anthropic }) => anthropic.control.addFault({ kind: 'status', status: 529, persistent: true }),
    },
    {
      name: 'outage',
      headline: `phase 3/4 HARD OUTAGE (${seconds(settings.phases.outageMs)}): the simulated anthropic refuses every connection (ECONNREFUSED)`,
      durationMs: settings.phases.outageMs,
      enter: async ({ anthropic }) => {
        anthropic.control.clearFaults();
        await anthropic.control.refuseConnections();
      },
    },
    {
      name: 'recovery',
      headline: `phase 4/4 RECOVERY: the simulated anthropic is back; Lifeline returns traffic to it once its circuit half-opens, and resolves the incident after ${seconds(settings.incidents.resolveAfterMs)} of good health`,
      durationMs: settings.phases.recoveryMaxMs,
      enter: async ({ anthropic }) => {
        anthropic.control.clearFaults();
        await anthropic.control.acceptConnections();
      },
    },
  ];
}
