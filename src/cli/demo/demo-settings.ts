/** Timings of one demo run: the outage script, the traffic and the health/incident settings it shows off. */
export interface DemoSettings {
  /** Time between two client requests (a few per second). */
  requestIntervalMs: number;
  /** How often the terminal gets a traffic line. */
  progressIntervalMs: number;
  phases: {
    healthyMs: number;
    overloadMs: number;
    outageMs: number;
    /** After recovery, the script ends when every incident resolved, or after this long at most. */
    recoveryMaxMs: number;
  };
  health: {
    windowMs: number;
    recentWindowMs: number;
    probeIntervalMs: number;
    recoverAfterMs: number;
  };
  incidents: { openAfterMs: number; resolveAfterMs: number };
  /** Breaker cooldown: how soon a recovered provider gets traffic again. */
  ejectionMs: number;
}

/** About a minute from start to resolved incident. */
export const NORMAL_DEMO: DemoSettings = {
  requestIntervalMs: 300,
  progressIntervalMs: 5_000,
  phases: { healthyMs: 10_000, overloadMs: 15_000, outageMs: 15_000, recoveryMaxMs: 45_000 },
  health: { windowMs: 10_000, recentWindowMs: 5_000, probeIntervalMs: 5_000, recoverAfterMs: 4_000 },
  incidents: { openAfterMs: 5_000, resolveAfterMs: 10_000 },
  ejectionMs: 3_000,
};

/** The same story compressed to about 20 seconds (`--fast`, used by the tests). */
export const FAST_DEMO: DemoSettings = {
  requestIntervalMs: 150,
  progressIntervalMs: 2_000,
  phases: { healthyMs: 3_000, overloadMs: 6_000, outageMs: 6_000, recoveryMaxMs: 20_000 },
  health: { windowMs: 6_000, recentWindowMs: 3_000, probeIntervalMs: 2_000, recoverAfterMs: 2_000 },
  incidents: { openAfterMs: 2_000, resolveAfterMs: 3_000 },
  ejectionMs: 1_500,
};
