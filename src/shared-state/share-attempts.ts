import { z } from 'zod';
import type { Subscription, TypedEvent } from '../core/typed-event.js';
import { TypedEmitter } from '../core/typed-event.js';
import { FAILURE_CLASSES } from '../errors/index.js';
import type { AttemptEvent, GatewayEvents } from '../observability/gateway-events.js';
import type { SharedState } from './shared-state.js';

const TOPIC = 'attempt';

const attemptSchema: z.ZodType<AttemptEvent> = z.object({
  at: z.number(),
  provider: z.string().min(1),
  model: z.string().min(1),
  key: z.string().optional(),
  outcome: z.enum(['success', 'failure', 'skipped']),
  failureClass: z.enum(FAILURE_CLASSES).optional(),
  status: z.number().int().optional(),
  origin: z.enum(['client', 'local', 'upstream']).optional(),
  durationMs: z.number(),
  stream: z.boolean(),
  source: z.enum(['traffic', 'probe']),
  clientNamedModel: z.literal(true).optional(),
});

/** The fleet's attempts as one instance hears them, and the subscription that shares its own. */
export interface SharedAttempts extends Subscription {
  /** Attempts other instances sent to providers. */
  readonly onRemoteAttempt: TypedEvent<AttemptEvent>;
}

/**
 * Shares the outcome of every request this instance sent to a provider (traffic and probes;
 * skipped ones sent nothing) so that each instance's verdicts, and so its status page, are made
 * from the fleet's traffic. Live only: an instance that joins later starts from what it hears.
 */
export function shareAttempts(events: Pick<GatewayEvents, 'onAttemptEnd'>, shared: SharedState): SharedAttempts {
  const emitter = new TypedEmitter<AttemptEvent>();
  const subscriptions = [
    events.onAttemptEnd((event) => {
      if (event.outcome !== 'skipped') shared.broadcast({ topic: TOPIC, payload: event });
    }),
    shared.onBroadcast((message) => {
      if (message.topic !== TOPIC) return;
      const parsed = attemptSchema.safeParse(message.payload);
      if (parsed.success) emitter.emit(parsed.data);
    }),
  ];
  return { onRemoteAttempt: emitter.event, dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) };
}
