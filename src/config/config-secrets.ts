import { MIN_REDACTED_SECRET_LENGTH } from '../secrets/redact-secrets.js';
import { providerCredentials, secretSettingsOf } from '../providers/registry.js';
import type { ResolvedConfig } from './resolved-config.js';

/** Extra provider headers whose values are credentials (`authorization`, `api-key`, `x-auth-token`, ...). */
const CREDENTIAL_HEADER = /auth|key|token|secret|cookie|password/i;

/** One secret of the configuration and where it is written, for notes that must not show it. */
interface ConfigSecret {
  where: string;
  value: string;
}

function listSecrets(config: ResolvedConfig): ConfigSecret[] {
  const secrets: ConfigSecret[] = [];
  for (const provider of Object.values(config.providers)) {
    provider.keys.forEach((value, index) => secrets.push({ where: `providers.${provider.name}.keys[${index}]`, value }));
    for (const [key, value] of Object.entries(secretSettingsOf(provider))) secrets.push({ where: `providers.${provider.name}.${key}`, value });
    // What the key pool sends, wherever the type found it (Bedrock's AWS_BEARER_TOKEN_BEDROCK is in no setting).
    const listed = new Set(secrets.map((secret) => secret.value));
    for (const credential of providerCredentials(provider)) {
      if (credential.secret !== '' && !listed.has(credential.secret)) secrets.push({ where: `providers.${provider.name} (credential ${credential.label})`, value: credential.secret });
    }
    for (const [name, value] of Object.entries(provider.headers)) {
      if (CREDENTIAL_HEADER.test(name)) secrets.push({ where: `providers.${provider.name}.headers.${name}`, value });
    }
  }
  if (config.admin.token) secrets.push({ where: 'admin.token', value: config.admin.token });
  const storagePassword = passwordOf(config.storage.url);
  if (storagePassword) secrets.push({ where: 'storage.url (password)', value: storagePassword });
  const redisPassword = passwordOf(config.state?.redisUrl);
  if (redisPassword) secrets.push({ where: 'state.redis_url (password)', value: redisPassword });
  config.notifications.webhooks.forEach((webhook, index) => {
    if (webhook.secret) secrets.push({ where: `notifications.webhooks[${index}].secret`, value: webhook.secret });
  });
  return secrets;
}

/** The password of a PostgreSQL or Redis URL, decoded, if it has one. */
function passwordOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/**
 * Every secret value in the configuration: provider keys and secret settings (a cloud's secret key), credential headers sent upstream, the
 * admin token, webhook signing secrets and the store's password. Lifeline registers them with the redactor at start.
 */
export function configSecrets(config: ResolvedConfig): string[] {
  return listSecrets(config).map((secret) => secret.value);
}

/** Notes naming (never showing) the secrets too short to be redacted by value. */
export function shortSecretNotes(config: ResolvedConfig): string[] {
  return listSecrets(config)
    .filter((secret) => secret.value.length < MIN_REDACTED_SECRET_LENGTH)
    .map(
      (secret) =>
        `${secret.where} is shorter than ${MIN_REDACTED_SECRET_LENGTH} characters: it is not redacted by value from errors, logs and stored text (only key-shaped text is)`,
    );
}
