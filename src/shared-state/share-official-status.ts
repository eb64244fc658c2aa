import { z } from 'zod';
import type { Subscription } from '../core/typed-event.js';
import { STATUS_SEVERITY, type ComponentStatus, type OfficialStatus } from '../health/health-types.js';
import type { SharedState } from './shared-state.js';

const TOPIC = 'official-status';
const STATUSES = Object.keys(STATUS_SEVERITY) as ComponentStatus[];

const readingSchema = z.object({
  provider: z.string().min(1),
  status: z.object({
    status: z.enum([...STATUSES, 'unknown']),
    description: z.string().optional(),
    incidents: z.array(z.string()).optional(),
    checkedAt: z.number().optional(),
    error: z.string().optional(),
  }),
});

/**
 * The official status pages are polled by one worker of `lifeline start --workers N`; this
 * hands its readings to the others, so every worker's status page shows the same column.
 * The worker that polls calls `tell` with each reading; every worker `accept`s the others'.
 */
export function shareOfficialStatus(shared: SharedState, accept: (provider: string, status: OfficialStatus) => void): { tell(provider: string, status: OfficialStatus): void } & Subscription {
  const subscription = shared.onBroadcast((message) => {
    if (message.topic !== TOPIC) return;
    const parsed = readingSchema.safeParse(message.payload);
    if (parsed.success) accept(parsed.data.provider, parsed.data.status as OfficialStatus);
  });
  return {
    tell: (provider, status) => shared.broadcast({ topic: TOPIC, payload: { provider, status } }),
    dispose: () => subscription.dispose(),
  };
}
