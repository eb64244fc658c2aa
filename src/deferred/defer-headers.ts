import type { IncomingHttpHeaders } from 'node:http';
import { InvalidRequestError } from '../errors/index.js';

/** The request header a client sets to have its request kept when every route is down. */
export const DEFER_HEADER = 'x-lifeline-defer';
/** Where a deferred job's result is POSTed once it is done. */
export const CALLBACK_HEADER = 'x-lifeline-callback-url';

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim();
}

/** `true` / `false` as sent, undefined when absent; anything else is the client's mistake (400). */
export function deferAsked(headers: IncomingHttpHeaders): boolean | undefined {
  const value = single(headers, DEFER_HEADER)?.toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new InvalidRequestError(`${DEFER_HEADER} must be "true" or "false", not ${JSON.stringify(value.slice(0, 40))}.`);
}

/** The callback URL, checked: an absolute http(s) URL without credentials. */
export function callbackUrlOf(headers: IncomingHttpHeaders): string | undefined {
  const value = single(headers, CALLBACK_HEADER);
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidRequestError(`${CALLBACK_HEADER} must be an absolute http(s) URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidRequestError(`${CALLBACK_HEADER} must be an http(s) URL.`);
  if (url.username !== '' || url.password !== '') throw new InvalidRequestError(`${CALLBACK_HEADER} must not carry credentials; verify the x-lifeline-signature instead.`);
  if (value.length > 2048) throw new InvalidRequestError(`${CALLBACK_HEADER} is longer than 2048 characters.`);
  return url.toString();
}
