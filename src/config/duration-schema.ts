import { z } from 'zod';
import { parseDurationMs } from '../client-keys/parse-duration.js';

/** A duration written `30m`, `24h`, `7d` or `2w`, read as milliseconds; `fallback` when absent. */
export function durationMsSchema(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, context) => {
      try {
        return parseDurationMs(text);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });
}
