import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Why a request may not use the admin API, or undefined when it may. */
export type AdminAuthFailure = { status: 401 | 403; message: string };

/**
 * Checks `Authorization: Bearer <token>` against the configured admin token. Without a token the
 * admin API is off (403, saying how to turn it on), so a forgotten variable never opens it.
 */
export function checkAdminAuth(request: IncomingMessage, token: string | undefined): AdminAuthFailure | undefined {
  if (!token) {
    return {
      status: 403,
      message: 'The admin API is disabled. Set admin.token in lifeline.yaml (for example `admin: { token: ${LIFELINE_ADMIN_TOKEN} }`) and restart Lifeline to enable it.',
    };
  }
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) return { status: 401, message: 'Missing admin token: send `Authorization: Bearer <admin token>`.' };
  if (!sameSecret(match[1], token)) return { status: 401, message: 'Invalid admin token.' };
  return undefined;
}

/** Constant-time comparison; hashing first makes the lengths equal without leaking them. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
