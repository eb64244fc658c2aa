import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

/** Node's own SHA-256, in the shape the signer takes. */
const Sha256 = Hash.bind(null, 'sha256');

/** One request to sign. */
export interface BedrockRequestToSign {
  /** `bedrock-runtime.us-east-1.amazonaws.com` or `127.0.0.1:4010`, as the Host header will say. */
  host: string;
  /** The path exactly as it goes on the wire (already percent-encoded). */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Signs Bedrock requests with AWS Signature Version 4 (service `bedrock`). The signer caches its
 * derived signing key per day and credentials, so signing one request is two SHA-256s and a few
 * HMACs, no I/O.
 */
export function createBedrockSigner(region: string): (request: BedrockRequestToSign, credentials: AwsCredentialIdentity) => Promise<Record<string, string>> {
  const signers = new WeakMap<AwsCredentialIdentity, SignatureV4>();
  return async (request, credentials) => {
    let signer = signers.get(credentials);
    if (!signer) signers.set(credentials, (signer = new SignatureV4({ service: 'bedrock', region, credentials, sha256: Sha256 })));
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname: request.host,
      path: request.path,
      query: {},
      headers: { ...request.headers, host: request.host },
      body: request.body,
    });
    return signed.headers as Record<string, string>;
  };
}
