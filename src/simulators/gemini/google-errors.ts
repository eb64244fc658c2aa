import type { RenderedError } from '../early-fault.js';

/** What a Google error should say; unset fields get the real API's wording for the status. */
export interface GoogleErrorOptions {
  /** The canonical code name (`RESOURCE_EXHAUSTED`); default from the status. */
  errorType?: string;
  message?: string;
  /** `google.rpc.ErrorInfo.reason` (`API_KEY_INVALID`). */
  reason?: string;
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}

const DEFAULTS: Record<number, { status: string; message: string }> = {
  400: { status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' },
  401: {
    status: 'UNAUTHENTICATED',
    message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  },
  403: { status: 'PERMISSION_DENIED', message: 'The caller does not have permission' },
  404: { status: 'NOT_FOUND', message: 'Requested entity was not found.' },
  409: { status: 'ABORTED', message: 'The operation was aborted.' },
  429: { status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' },
  500: { status: 'INTERNAL', message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting' },
  503: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
  504: { status: 'DEADLINE_EXCEEDED', message: 'Deadline expired before operation could complete.' },
};

function defaultsFor(status: number): { status: string; message: string } {
  return DEFAULTS[status] ?? (status >= 500 ? DEFAULTS[500]! : DEFAULTS[400]!);
}

/** The `error` object of Google's envelope (`google.rpc.Status`). */
export function googleErrorObject(status: number, options: GoogleErrorOptions = {}): Record<string, unknown> {
  const defaults = defaultsFor(status);
  const details: Record<string, unknown>[] = [];
  if (options.reason) details.push({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: options.reason, domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } });
  if (status === 429) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${options.retryAfterSeconds ?? 1}s` });
  return { code: status, message: options.message ?? defaults.message, status: options.errorType ?? defaults.status, ...(details.length > 0 ? { details } : {}) };
}

/** A complete Google error response, pretty-printed as Google's front ends send it. */
export function googleErrorResponse(status: number, options: GoogleErrorOptions = {}): RenderedError {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer', ...options.headers },
    body: JSON.stringify({ error: googleErrorObject(status, options) }, null, 2),
  };
}

/** The status a canonical code name has (for error faults on non-stream requests). */
export function statusForGoogleErrorType(errorType: string | undefined): number {
  const found = Object.entries(DEFAULTS).find(([, value]) => value.status === errorType);
  return found ? Number(found[0]) : 503;
}
