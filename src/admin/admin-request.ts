import type { z } from 'zod';
import { readJsonBody } from '../http/read-json-body.js';
import type { RequestContext } from '../http/request-context.js';
import { describeIssues } from './admin-schemas.js';

/** Admin bodies are small JSON documents; a postmortem is the largest. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/** A request the admin handler answers with a JSON error. */
export class AdminRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What one admin route answers. */
export type AdminAnswer = { status: number; body: unknown };
/** Builds an admin route: auth, error envelope and `cache-control: no-store` are the factory's. */
export type AdminRouteFactory = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  matches: (path: string) => boolean,
  handle: (context: RequestContext, path: string) => Promise<AdminAnswer>,
) => import('../http/request-context.js').ExtraRoute;

export async function readAdminBody(context: RequestContext): Promise<unknown> {
  return (await readJsonBody(context.request, { ...context.app.config.server, maxBodyBytes: BODY_LIMIT_BYTES })).value;
}

export function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AdminRequestError(400, `Invalid request: ${describeIssues(result.error)}.`);
  return result.data;
}

export function queryObject(query: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(query));
}

export function captured(pattern: RegExp, path: string): string {
  return pattern.exec(path)?.[1] ?? '';
}
