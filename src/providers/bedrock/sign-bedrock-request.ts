import type { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

/** The Smithy signer and Node's own SHA-256 in its shape, loaded with the first Bedrock request. */
let signerLoading: Promise<(credentials: AwsCredentialIdentity, region: string) => SignatureV4> | undefined;
const loadSigner = () =>
  (signerLoading ??= Promise.all([import('@smithy/hash-node'), import('@smithy/signature-v4')]).then(([{ Hash }, { SignatureV4: Signer }]) => {
    const sha256 = Hash.bind(null, 'sha256');
    return (credentials: AwsCredentialIdentity, region: string) => new Signer({ service: 'bedrock', region, credentials, sha256 });
  }));

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
    if (!signer) signers.set(credentials, (signer = (await loadSigner())(credentials, region)));
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
