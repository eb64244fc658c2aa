import type { RenderedError } from '../early-fault.js';

/** Bedrock's own words for each exception a fault may name, and its status. */
const EXCEPTIONS: Record<string, { status: number; message: string }> = {
  ThrottlingException: { status: 429, message: 'Too many requests, please wait before trying again.' },
  ServiceQuotaExceededException: { status: 429, message: 'Your request exceeds the service quota for your account. You can view your quotas at https://console.aws.amazon.com/servicequotas.' },
  ModelNotReadyException: { status: 429, message: 'Model is not ready to serve inference requests.' },
  ServiceUnavailableException: { status: 503, message: 'Bedrock is unable to process your request.' },
  InternalServerException: { status: 500, message: 'The server encountered an unexpected error.' },
  ModelTimeoutException: { status: 408, message: 'Model has timed out in processing the request.' },
  ModelErrorException: { status: 424, message: 'The model returned an error.' },
  ValidationException: { status: 400, message: 'Malformed input request, please reformat your input and try again.' },
  AccessDeniedException: { status: 403, message: "You don't have access to the model with the specified model ID." },
  ResourceNotFoundException: { status: 404, message: 'The requested resource could not be found.' },
  UnrecognizedClientException: { status: 403, message: 'The security token included in the request is invalid.' },
  ExpiredTokenException: { status: 403, message: 'The security token included in the request is expired' },
  InvalidSignatureException: { status: 403, message: 'The request signature we calculated does not match the signature you provided.' },
};

/** The exception Bedrock answers a status with, when a fault names none. */
function exceptionForStatus(status: number): string {
  if (status === 429) return 'ThrottlingException';
  if (status === 503 || status === 529) return 'ServiceUnavailableException';
  if (status === 408 || status === 504) return 'ModelTimeoutException';
  if (status === 424) return 'ModelErrorException';
  if (status === 403 || status === 401) return 'AccessDeniedException';
  if (status === 404) return 'ResourceNotFoundException';
  if (status >= 500) return 'InternalServerException';
  return 'ValidationException';
}

/** Headers of every Bedrock answer. */
export function bedrockHeaders(requestId: string, contentType = 'application/json'): Record<string, string> {
  return { 'content-type': contentType, 'x-amzn-requestid': requestId, date: new Date().toUTCString() };
}

/**
 * A Bedrock error answer: the status, `x-amzn-errortype` naming the exception (as the AWS
 * restJson1 protocol does) and `{"message": …}`. `exception` defaults by status.
 */
export function bedrockError(requestId: string, options: { status?: number; exception?: string; message?: string; headers?: Record<string, string> }): RenderedError {
  const exception = options.exception ?? exceptionForStatus(options.status ?? 500);
  const known = EXCEPTIONS[exception];
  // Bedrock has no 529: an overloaded model is a 503.
  const status = options.status === 529 ? 503 : (options.status ?? known?.status ?? 500);
  return {
    status,
    headers: { ...bedrockHeaders(requestId), 'x-amzn-errortype': `${exception}:http://internal.amazon.com/coral/com.amazon.bedrock/`, ...options.headers },
    body: JSON.stringify({ message: options.message ?? known?.message ?? 'An error occurred.' }),
  };
}
