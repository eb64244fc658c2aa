import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';

/** A bedrock provider's AWS settings as configured (secrets already substituted). */
export interface AwsSettings {
  region: string;
  /** Shared config profile; without it and without static keys, the default AWS credential chain. */
  profile?: string;
  /** Static keys, instead of the chain. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** Where the AWS chain looks besides the process environment; tests point it at their own files. */
export interface AwsChainFiles {
  /** The shared credentials file (`~/.aws/credentials`). */
  filepath?: string;
  /** The shared config file (`~/.aws/config`). */
  configFilepath?: string;
}

/**
 * AWS credentials for signing: cached, refreshed by the chain before they expire (its own
 * five-minute window), and refreshed at once when Bedrock says they have expired.
 */
export interface BedrockCredentials {
  /** The current credentials; `forceRefresh` asks the chain again even if the cached ones look valid. */
  get(options?: { forceRefresh?: boolean }): Promise<AwsCredentialIdentity>;
  /** False for static keys from the configuration: asking again would give the same ones. */
  readonly refreshable: boolean;
}

/**
 * Static keys from the configuration, or the standard AWS chain (environment, SSO, shared
 * config and credentials files with `credential_process` and assumed roles, web identity,
 * container and instance roles), for `profile` when set. The chain is the SDK's own memoized
 * provider, so credentials are fetched once and signing stays off the network.
 * @example bedrockCredentials({ region: 'us-east-1', profile: 'prod' })
 */
export function bedrockCredentials(settings: AwsSettings, files: AwsChainFiles = {}): BedrockCredentials {
  if (settings.accessKeyId && settings.secretAccessKey) {
    const fixed: AwsCredentialIdentity = {
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      ...(settings.sessionToken ? { sessionToken: settings.sessionToken } : {}),
    };
    return { get: () => Promise.resolve(fixed), refreshable: false };
  }
  const chain = fromNodeProviderChain({
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...files,
    // STS (assume role, web identity) in the provider's own region rather than us-east-1.
    clientConfig: { region: settings.region },
  });
  return { get: (options) => chain(options?.forceRefresh ? { forceRefresh: true } : {}), refreshable: true };
}
