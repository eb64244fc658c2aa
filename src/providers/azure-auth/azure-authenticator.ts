import { z } from 'zod';
import type { GetTokenOptions, TokenCredential } from '@azure/identity';
import { UpstreamHttpError, type TargetRef } from '../../errors/index.js';
import { redactSecrets } from '../../secrets/redact-secrets.js';
import type { AttemptContext } from '../provider-adapter.js';

/** The scope of Azure AI services (Azure OpenAI, Foundry), as Microsoft's SDK samples request it. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** Azure's own status page (an RSS feed beside it, no Statuspage JSON): linked, not polled. */
export const AZURE_STATUS_PAGE = { name: 'Azure status', url: 'https://azure.status.microsoft/en-us/status' } as const;

/** How `lifeline check` names the credential of a provider without keys. */
export const ENTRA_LABEL = 'Entra ID token';

/** How a provider on Azure gets its Microsoft Entra ID token. */
export interface EntraSettings {
  /** Token scope; default {@link COGNITIVE_SERVICES_SCOPE}. */
  scope?: string;
  /** A user-assigned managed identity's client id (DefaultAzureCredential's `managedIdentityClientId`). */
  clientId?: string;
  /** Tenant for the environment / CLI credentials of the chain. */
  tenantId?: string;
}

/** Options of {@link createAzureAuthenticator}. */
export interface AzureAuthenticatorOptions {
  /** The header an API key goes in: Azure OpenAI takes `api-key`, Claude on Foundry `x-api-key` (as its SDK sends it). */
  keyHeader: string;
  /** Set: attempts without a key are authorised by an Entra ID token of this credential. */
  entra?: { credential: TokenCredential; scope: string };
  /** Provider name, for the error when no credential exists. */
  provider: string;
}

/** A chain member that was not there to try (no environment variables, no Azure CLI): rarely the reason. */
const NOT_PRESENT = /is unavailable|could not be found|couldn't be found|Unable to execute|not installed|not set/i;

/**
 * Why a credential gave no token, without anything secret. DefaultAzureCredential's error lists
 * every credential of its chain; the ones that were actually tried (a managed identity that
 * answered with an error) say what is wrong, the absent ones (no CLI installed) only add noise.
 */
export function describeTokenFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((line) => line.replace(/^CredentialUnavailableError:\s*/, '').trim()).filter((line) => line !== '');
  const tried = lines.slice(1).filter((line) => !NOT_PRESENT.test(line));
  const reason = lines.length <= 1 ? (lines[0] ?? 'no reason given') : tried.length > 0 ? tried.join('; ') : `no credential of the chain is available (${lines.slice(1).join('; ')})`;
  return redactSecrets(reason).slice(0, 600);
}

/**
 * The authentication of one attempt for a provider hosted on Azure: its key in `keyHeader`, or a
 * Microsoft Entra ID bearer token. Tokens come from `@azure/identity`'s bearer token provider,
 * which caches a token and refreshes it in the background two minutes before it expires, so a
 * request waits for Entra ID only on the first call and after a long idle. A token that cannot be
 * obtained is an `auth` failure of this provider, worded with the credential's own reason.
 * @example
 * const authenticate = createAzureAuthenticator({ keyHeader: 'api-key', provider: 'azure' });
 * createOpenAIAdapter({ id: 'azure', baseUrl, authenticate });
 */
export function createAzureAuthenticator(options: AzureAuthenticatorOptions): (attempt: AttemptContext, target: TargetRef) => Promise<Record<string, string>> {
  const token = options.entra ? lazyBearerTokenProvider(options.entra.credential, options.entra.scope) : undefined;
  const scope = options.entra?.scope;
  return async (attempt, target) => {
    if (attempt.credential) return { [options.keyHeader]: attempt.credential.secret };
    if (!token) {
      throw new UpstreamHttpError({ status: 401, failureClass: 'auth', providerMessage: `provider ${options.provider} has neither an API key nor Microsoft Entra ID (entra) configured`, target });
    }
    let value: string;
    try {
      value = await token();
    } catch (error) {
      throw new UpstreamHttpError({
        status: 401,
        failureClass: 'auth',
        providerMessage: `Microsoft Entra ID token for ${scope} not obtained: ${describeTokenFailure(error)}`,
        target,
      });
    }
    return { authorization: `Bearer ${value}` };
  };
}

/**
 * `@azure/identity` is about 25 MB of memory once loaded: it is loaded on the first token a
 * provider asks for, never by a Lifeline that has no `entra` provider (README "Performance").
 */
const loadIdentity = () => import('@azure/identity');

/** `getBearerTokenProvider` of `@azure/identity`, created on the first call. */
function lazyBearerTokenProvider(credential: TokenCredential, scope: string): () => Promise<string> {
  let provider: Promise<() => Promise<string>> | undefined;
  return async () => {
    provider ??= loadIdentity().then(({ getBearerTokenProvider }) => getBearerTokenProvider(credential, scope));
    return (await provider)();
  };
}

/** The credential chain of a provider's `entra` settings: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI…), built on first use. */
export function entraCredential(settings: EntraSettings): TokenCredential {
  let chain: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes: string | string[], tokenOptions?: GetTokenOptions) {
      chain ??= loadIdentity().then(
        ({ DefaultAzureCredential }) =>
          new DefaultAzureCredential({
            ...(settings.clientId ? { managedIdentityClientId: settings.clientId } : {}),
            ...(settings.tenantId ? { tenantId: settings.tenantId } : {}),
          }),
      );
      return (await chain).getToken(scopes, tokenOptions);
    },
  };
}

/**
 * The `entra` setting of foundry and azure-openai providers (one schema: the config schema merges
 * the types' settings): `true` for DefaultAzureCredential with the default scope, or its options.
 */
export const entraSetting = z
  .union([
    z.literal(true),
    z
      .object({
        /** Token scope; default {@link COGNITIVE_SERVICES_SCOPE}. */
        scope: z.string().min(1).optional(),
        /** A user-assigned managed identity's client id. */
        client_id: z.string().min(1).optional(),
        tenant_id: z.string().min(1).optional(),
      })
      .strict(),
  ])
  .optional();

/** The adapter's `entra` option from the setting, its credential chain built once; `{}` when not set. */
export function entraOption(setting: z.infer<typeof entraSetting>): { entra?: EntraSettings & { credential: TokenCredential } } {
  if (setting === undefined) return {};
  const settings: EntraSettings =
    setting === true
      ? {}
      : {
          ...(setting.scope !== undefined ? { scope: setting.scope } : {}),
          ...(setting.client_id !== undefined ? { clientId: setting.client_id } : {}),
          ...(setting.tenant_id !== undefined ? { tenantId: setting.tenant_id } : {}),
        };
  return { entra: { ...settings, credential: entraCredential(settings) } };
}
