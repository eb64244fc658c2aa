import { z } from 'zod';
import type { ContinuationBehaviour, FaultSpec, ScriptRule } from './types.js';

const faultCommon = {
  times: z.number().int().positive().optional(),
  persistent: z.boolean().optional(),
  match: z
    .object({
      model: z.string().optional(),
      key: z.string().optional(),
      path: z.string().optional(),
      stream: z.boolean().optional(),
    })
    .optional(),
};
const eventCount = z.number().int().nonnegative();
const milliseconds = z.number().nonnegative();

/** Validates a FaultSpec received over HTTP or from a file. */
export const faultSpecSchema: z.ZodType<FaultSpec> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(100).max(599),
    errorType: z.string().optional(),
    errorCode: z.string().optional(),
    message: z.string().optional(),
    retryAfterSeconds: z.number().nonnegative().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    ...faultCommon,
  }),
  z.object({ kind: z.literal('reset-before-headers'), ...faultCommon }),
  z.object({ kind: z.literal('reset-mid-stream'), afterEvents: eventCount, ...faultCommon }),
  z.object({
    kind: z.literal('error-event'),
    afterEvents: eventCount,
    errorType: z.string().optional(),
    message: z.string().optional(),
    ...faultCommon,
  }),
  z.object({ kind: z.literal('stall-before-first-byte'), ms: milliseconds.optional(), ...faultCommon }),
  z.object({
    kind: z.literal('stall-mid-stream'),
    afterEvents: eventCount,
    ms: milliseconds.optional(),
    ...faultCommon,
  }),
  z.object({ kind: z.literal('slow-tokens'), delayMs: milliseconds, ...faultCommon }),
  z.object({ kind: z.literal('malformed-sse'), afterEvents: eventCount, ...faultCommon }),
  z.object({ kind: z.literal('malformed-frame'), afterEvents: eventCount, ...faultCommon }),
  z.object({
    kind: z.literal('slow-first-token'),
    ms: milliseconds,
    afterEvents: eventCount.optional(),
    keepAliveMs: z.number().positive().optional(),
    ...faultCommon,
  }),
  z.object({ kind: z.literal('malformed-json'), ...faultCommon }),
  z.object({ kind: z.literal('huge-body'), bytes: z.number().int().positive(), declareLength: z.boolean().optional(), ...faultCommon }),
  z.object({ kind: z.literal('huge-error-body'), status: z.number().int().min(400).max(599), bytes: z.number().int().positive(), ...faultCommon }),
  z.object({ kind: z.literal('huge-sse-event'), afterEvents: eventCount, bytes: z.number().int().positive(), ...faultCommon }),
  z.object({ kind: z.literal('endless-stream'), afterEvents: eventCount, intervalMs: z.number().positive(), ...faultCommon }),
]);

const scriptRuleSchema: z.ZodType<ScriptRule> = z.object({
  match: z
    .object({
      lastUserText: z.string().optional(),
      anyText: z.string().optional(),
      toolResultContains: z.string().optional(),
      lastMessageIsToolResult: z.boolean().optional(),
      model: z.string().optional(),
      minTurns: z.number().int().nonnegative().optional(),
    })
    .optional(),
  reply: z.object({
    text: z.string().optional(),
    thinking: z.string().optional(),
    toolCalls: z
      .array(
        z.object({
          name: z.string(),
          input: z.record(z.string(), z.unknown()),
          id: z.string().optional(),
        }),
      )
      .optional(),
    stopReason: z.string().optional(),
  }),
  times: z.number().int().positive().optional(),
});

/** Validates a script (list of rules) received over HTTP or from a file. */
export const scriptRulesSchema = z.array(scriptRuleSchema);

/** Validates a continuation behaviour (`PUT /_sim/continuation`, `--continuation`). */
export const continuationBehaviourSchema: z.ZodType<ContinuationBehaviour> = z
  .object({
    mode: z.enum(['exact', 'ignore-instruction', 'prefill-rest', 'reject-prefill', 'diverge', 'repeat-tail']),
    repeatTailWords: z.number().int().positive().optional(),
  })
  .strict();

/** Body of `POST /_sim/refuse`. */
export const refuseBodySchema = z.object({ ms: milliseconds.optional() }).loose();

/** Body of `PUT /_sim/aws-credentials` (bedrock): the credentials the simulated account knows. */
export const awsCredentialsSchema = z.array(
  z
    // Other keys are dropped: AWS SDK credential objects carry bookkeeping such as `$source`.
    .object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1), sessionToken: z.string().min(1).optional(), expired: z.boolean().optional() }),
);
