import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** Credentials the simulated account knows. */
export interface AwsTestCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests must carry it as `x-amz-security-token` (temporary credentials). */
  sessionToken?: string;
  /** The session has expired: Bedrock answers ExpiredTokenException. */
  expired?: boolean;
}

/** Why a signature was refused, in Bedrock's words. */
export interface SignatureRefusal {
  exception: 'UnrecognizedClientException' | 'InvalidSignatureException' | 'ExpiredTokenException' | 'MissingAuthenticationTokenException' | 'IncompleteSignatureException';
  message: string;
}

const Sha256 = Hash.bind(null, 'sha256');
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
/** How far a request's date may be from the simulator's clock, as AWS allows. */
const MAX_SKEW_MS = 5 * 60_000;

/**
 * Verifies a request's AWS Signature Version 4 the way Bedrock does: parses the Authorization
 * header, finds the access key, checks the scope (region, service `bedrock`), the date and the
 * session token, then signs the same canonical request (only the headers the client signed)
 * with the known secret and compares. `credentials` undefined accepts any well-formed signature.
 */
export async function verifySigV4(
  request: { method: string; path: string; query: string; headers: IncomingHttpHeaders; body: string },
  options: { region: string; credentials: readonly AwsTestCredential[] | undefined; now?: number },
): Promise<SignatureRefusal | undefined> {
  const authorization = single(request.headers.authorization);
  if (!authorization) return { exception: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return { exception: 'IncompleteSignatureException', message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.` };
  const [, accessKeyId, , region, service, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string, string];
  if (!options.credentials) return undefined;
  const known = options.credentials.find((credential) => credential.accessKeyId === accessKeyId);
  if (!known) return { exception: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  if (region !== options.region || service !== 'bedrock') {
    return { exception: 'InvalidSignatureException', message: `Credential should be scoped to a valid region and to the service 'bedrock'.` };
  }
  const token = single(request.headers['x-amz-security-token']);
  if (known.sessionToken !== undefined && token !== known.sessionToken) return { exception: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  if (known.expired) return { exception: 'ExpiredTokenException', message: 'The security token included in the request is expired' };
  const amzDate = single(request.headers['x-amz-date']) ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) return { exception: 'IncompleteSignatureException', message: 'Date must be in ISO-8601 basic format, x-amz-date' };
  const now = options.now ?? Date.now();
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    return { exception: 'InvalidSignatureException', message: `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)` };
  }
  const declaredHash = single(request.headers['x-amz-content-sha256']);
  if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== createHash('sha256').update(request.body).digest('hex')) {
    return { exception: 'InvalidSignatureException', message: 'The provided x-amz-content-sha256 header does not match what was computed.' };
  }
  const signedNames = new Set(signedHeaderList.split(';'));
  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    const value = single(request.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  // The signer adds these itself; it must sign them only when the client did.
  const unsignable = new Set(['x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'].filter((name) => !signedNames.has(name)));
  const signer = new SignatureV4({
    service: 'bedrock',
    region,
    credentials: { accessKeyId, secretAccessKey: known.secretAccessKey, ...(token !== undefined ? { sessionToken: token } : {}) },
    sha256: Sha256,
  });
  const expected = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: headers.host ?? '', path: request.path, query: parseQuery(request.query), headers, body: request.body },
    { signingDate: new Date(signedAt), signableHeaders: signedNames, unsignableHeaders: unsignable },
  );
  const expectedSignature = /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization))?.[1];
  if (expectedSignature !== signature) {
    return {
      exception: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseQuery(query: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const existing = result[name];
    result[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

/** `20261203T141500Z` → epoch ms. */
function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
