import { keyLabel, labelCredentials } from '../credentials.js';
import type { Credential } from '../provider-adapter.js';

/** The environment variable the AWS SDKs read a Bedrock API key from. */
export const BEDROCK_API_KEY_ENV = 'AWS_BEARER_TOKEN_BEDROCK';

/** Where a bedrock provider's credentials come from, as configured. */
export interface BedrockCredentialSettings {
  api_key?: string | undefined;
  access_key_id?: string | undefined;
  profile?: string | undefined;
}

/**
 * The key pool's entries of a bedrock provider. Bedrock API keys (`keys`, `api_key`, or else
 * `AWS_BEARER_TOKEN_BEDROCK` as the AWS SDKs read it) are sent as `Authorization: Bearer` and
 * cool down one by one like any provider key; otherwise one SigV4 entry named by where its
 * credentials come from (its secret is '': the adapter signs). Explicit AWS keys or a profile in
 * the configuration win over the environment's API key, as configuration does over environment.
 */
export function bedrockCredentialEntries(settings: BedrockCredentialSettings, keys: readonly string[], env: NodeJS.ProcessEnv = process.env): Credential[] {
  if (keys.length > 0) return labelCredentials([...keys]);
  if (settings.api_key) return [{ label: keyLabel(settings.api_key, 0), secret: settings.api_key }];
  // The access key id is no secret (it names the key in every signed request); its tail tells keys apart.
  if (settings.access_key_id) return [{ label: `aws-key …${settings.access_key_id.slice(-4)}`, secret: '' }];
  if (settings.profile) return [{ label: `aws-profile ${settings.profile}`, secret: '' }];
  const fromEnv = env[BEDROCK_API_KEY_ENV];
  if (fromEnv) return [{ label: keyLabel(fromEnv, 0).replace(/^key-1/, BEDROCK_API_KEY_ENV), secret: fromEnv }];
  return [{ label: 'aws-chain', secret: '' }];
}
