import { z } from 'zod';
import type { StoredResponse } from '../store.js';

// PostgreSQL's pg returns BIGINT as text; both backends' rows go through this one schema.
const integer = z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)]);

const responseRowSchema = z.object({
  id: z.string(),
  owner: z.string().nullable(),
  response: z.string(),
  input: z.string(),
  created_at: integer,
  expires_at: integer,
});

/** Every column of `stored_responses` in table order (SQLite and PostgreSQL). */
export const RESPONSE_COLUMNS = 'id, owner, response, input, created_at, expires_at';

/** A `stored_responses` row (SQLite's or PostgreSQL's) as a stored response. */
export function toStoredResponse(row: unknown): StoredResponse {
  const parsed = responseRowSchema.parse(row);
  return {
    id: parsed.id,
    ...(parsed.owner !== null ? { owner: parsed.owner } : {}),
    response: parsed.response,
    input: parsed.input,
    createdAt: parsed.created_at,
    expiresAt: parsed.expires_at,
  };
}

/** A stored response's column values in `RESPONSE_COLUMNS` order. */
export function storedResponseValues(response: StoredResponse): unknown[] {
  return [response.id, response.owner ?? null, response.response, response.input, response.createdAt, response.expiresAt];
}
