import { z } from 'zod';
import { UpstreamHttpError, type FailureClass, type TargetRef } from '../../errors/index.js';
import { redactSecrets } from '../../secrets/redact-secrets.js';
import { parseRetryAfterMs } from '../shared/retry-after.js';

/** Bedrock's JSON error body (restJson1): `message`, sometimes `Message`, sometimes `__type`. */
const bedrockErrorBodySchema = z.looseObject({
  message: z.string().nullish(),
  Message: z.string().nullish(),
  __type: z.string().nullish(),
});

/** Status Bedrock gives each exception, for in-stream exceptions that carry none. */
const STATUS_BY_EXCEPTION: Record<string, number> = {
  AccessDeniedException: 403,
  ExpiredTokenException: 403,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  ValidationException: 400,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  ServiceQuotaExceededException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
};

/**
 * The failure class of a Bedrock exception. Bad, unknown or expired credentials are `auth`
 * (scoped to that credential); "no access to the model" (model access not granted in this
 * account and region) and an unknown model id are `not_found`, since the same credentials serve
 * other models; a model that is loading or a service that is full is `overloaded`.
 */
export function classifyBedrockError(exception: string | undefined, status: number, message: string): FailureClass {
  switch (exception) {
    case 'ExpiredTokenException':
    case 'InvalidSignatureException':
    case 'UnrecognizedClientException':
    case 'MissingAuthenticationTokenException':
    case 'IncompleteSignatureException':
      return 'auth';
    case 'AccessDeniedException':
      return /access to the model|model access|not authorized to access.*model/i.test(message) ? 'not_found' : 'auth';
    case 'ResourceNotFoundException':
      return 'not_found';
    case 'ValidationException':
      if (/too long|too many (input )?tokens|context (window|length)|exceeds? the maximum/i.test(message)) return 'context_too_long';
      if (/model identifier is invalid|model id|inference profile/i.test(message)) return 'not_found';
      return 'invalid_request';
    case 'ServiceQuotaExceededException':
      return 'quota';
    case 'ThrottlingException':
      return 'rate_limited';
    case 'ModelNotReadyException':
    case 'ServiceUnavailableException':
      return 'overloaded';
    case 'ModelTimeoutException':
      return 'timeout';
    case 'ModelErrorException':
    case 'ModelStreamErrorException':
    case 'InternalServerException':
      return 'server';
    default:
      if (status === 401 || status === 403) return 'auth';
      if (status === 404) return 'not_found';
      if (status === 408 || status === 504) return 'timeout';
      if (status === 429) return 'rate_limited';
      if (status === 503) return 'overloaded';
      if (status >= 500 || status === 409) return 'server';
      return 'invalid_request';
  }
}

/** `ThrottlingException:http://internal.amazon.com/coral/…` or `com.amazon…#ThrottlingException` → `ThrottlingException`. */
function exceptionName(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const name = raw.split(':')[0]!.split('#').at(-1)!.trim();
  return name === '' ? undefined : name;
}

/** The one factory for Bedrock's HTTP errors: a non-2xx InvokeModel answer → UpstreamHttpError. */
export function createBedrockError(response: { status: number; headers: Record<string, string>; bodyText: string; target?: TargetRef }): UpstreamHttpError {
  let body: z.infer<typeof bedrockErrorBodySchema> | undefined;
  try {
    const parsed = bedrockErrorBodySchema.safeParse(JSON.parse(response.bodyText));
    body = parsed.success ? parsed.data : undefined;
  } catch {
    body = undefined;
  }
  const exception = exceptionName(response.headers['x-amzn-errortype']) ?? exceptionName(body?.__type);
  const message = body?.message ?? body?.Message ?? `Bedrock answered HTTP ${response.status}${exception ? ` (${exception})` : ''} without a message`;
  const retryAfterMs = parseRetryAfterMs(response.headers);
  return new UpstreamHttpError({
    status: response.status,
    failureClass: classifyBedrockError(exception, response.status, message),
    ...(exception ? { providerErrorType: exception } : {}),
    providerMessage: redactSecrets(message),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(response.target ? { target: response.target } : {}),
  });
}

/**
 * An exception frame inside a started event stream (`:exception-type: throttlingException`) →
 * UpstreamHttpError (midStream), with the status the same exception has before a stream.
 */
export function createBedrockStreamError(exceptionType: string, payload: string, target?: TargetRef): UpstreamHttpError {
  const exception = exceptionType.charAt(0).toUpperCase() + exceptionType.slice(1);
  let message = `Bedrock stream reported ${exception}`;
  try {
    const parsed = bedrockErrorBodySchema.safeParse(JSON.parse(payload));
    if (parsed.success) message = parsed.data.message ?? parsed.data.Message ?? message;
  } catch {
    // The exception type alone still classifies it.
  }
  const status = STATUS_BY_EXCEPTION[exception] ?? 500;
  return new UpstreamHttpError({
    status,
    failureClass: classifyBedrockError(exception, status, message),
    providerErrorType: exception,
    providerMessage: redactSecrets(message),
    midStream: true,
    ...(target ? { target } : {}),
  });
}
