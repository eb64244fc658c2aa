import { readFileSync } from 'node:fs';
import type { AuthClient } from 'google-auth-library';
import { z } from 'zod';
import { ConfigError, UpstreamConnectionError, UpstreamHttpError, type TargetRef } from '../../errors/index.js';
import { redactSecrets } from '../../secrets/redact-secrets.js';

/** The OAuth scope Vertex AI calls need. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** Where google-auth-library sends a service account's JWT unless told otherwise. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** A token this close to expiry is replaced before use (google-auth-library's own default). */
export const DEFAULT_EAGER_REFRESH_MS = 5 * 60_000;

const credentialsFileSchema = z.looseObject({
  type: z.string(),
  client_email: z.string().optional(),
  project_id: z.string().optional(),
  token_uri: z.url().optional(),
});

/** A bearer token for Google APIs, cached and replaced before it expires. */
export interface GoogleTokenSource {
  /** `Bearer …` for the next call; waits only when no live token is cached. */
  authorization(target: TargetRef): Promise<string>;
  /** Who the token speaks for, safe to show: `service account a@b.iam.gserviceaccount.com` or `application default credentials`. */
  readonly label: string;
  /** The project the credentials belong to, when the file says. */
  readonly projectId: string | undefined;
  close(): void;
}

/** Options of {@link createGoogleTokenSource}. */
export interface GoogleTokenSourceOptions {
  /** A service-account (or authorized-user) JSON file; default `GOOGLE_APPLICATION_CREDENTIALS`, then ADC (gcloud, metadata server). */
  credentialsFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Replace a token this long before it expires; default 5 minutes. */
  eagerRefreshMs?: number;
  /** The provider's name, for configuration errors. */
  providerName: string;
}

/**
 * Google credentials through google-auth-library's Application Default Credentials, with the
 * library's token cache. Two additions: the credentials file's own `token_uri` is honoured
 * (google-auth-library 10 always posts service-account JWTs to oauth2.googleapis.com; a request
 * interceptor on its own transporter sends them where the file says), and the token is refreshed
 * in the background just before the library would refresh it inline, so requests rarely wait.
 */
export function createGoogleTokenSource(options: GoogleTokenSourceOptions): GoogleTokenSource {
  const env = options.env ?? process.env;
  const file = options.credentialsFile ?? env.GOOGLE_APPLICATION_CREDENTIALS;
  const described = file ? readCredentialsFile(file, options.providerName) : undefined;
  const eagerRefreshMs = options.eagerRefreshMs ?? DEFAULT_EAGER_REFRESH_MS;
  // google-auth-library (and its gaxios/gtoken tree) loads on the first token, not with Lifeline.
  const auth = import('google-auth-library').then(
    ({ GoogleAuth }) => new GoogleAuth({ ...(file ? { keyFilename: file } : {}), scopes: CLOUD_PLATFORM_SCOPE, clientOptions: { eagerRefreshThresholdMillis: eagerRefreshMs } }),
  );
  let client: Promise<AuthClient> | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;
  let closed = false;

  function clientOf(): Promise<AuthClient> {
    client ??= auth.then((loaded) => loaded.getClient()).then((created) => {
      const tokenUri = described?.token_uri;
      if (tokenUri && tokenUri !== GOOGLE_TOKEN_URL) {
        created.transporter.interceptors.request.add({
          resolved: async (config) => (String(config.url) === GOOGLE_TOKEN_URL ? { ...config, url: new URL(tokenUri) } : config),
        });
      }
      return created;
    });
    // A failed start (no ADC found) is retried on the next call instead of cached forever.
    client.catch(() => {
      client = undefined;
    });
    return client;
  }

  function scheduleRefresh(authClient: AuthClient): void {
    const expiry = authClient.credentials.expiry_date;
    if (closed || typeof expiry !== 'number') return;
    if (refreshTimer) clearTimeout(refreshTimer);
    // Just inside the library's eager window, so getAccessToken() fetches a new token then.
    const delayMs = Math.max(1_000, expiry - eagerRefreshMs + 1_000 - Date.now());
    refreshTimer = setTimeout(() => {
      authClient.getAccessToken().then(() => scheduleRefresh(authClient), () => undefined);
    }, delayMs);
    refreshTimer.unref();
  }

  return {
    label: labelOf(described),
    projectId: described?.project_id,
    async authorization(target) {
      let authClient: AuthClient;
      let token: string | null | undefined;
      try {
        authClient = await clientOf();
        token = (await authClient.getAccessToken()).token;
      } catch (error) {
        throw tokenError(error, target);
      }
      if (!token) throw new UpstreamHttpError({ status: 401, failureClass: 'auth', providerMessage: 'Google credentials gave no access token', target });
      scheduleRefresh(authClient);
      return `Bearer ${token}`;
    },
    close() {
      closed = true;
      if (refreshTimer) clearTimeout(refreshTimer);
    },
  };
}

/**
 * The safe name of the credentials `file` (or of Application Default Credentials): the service
 * account's email, never anything from its key. A file that cannot be read is named as such here;
 * the token source reports why when it is used.
 */
export function googleCredentialsLabel(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const path = file ?? env.GOOGLE_APPLICATION_CREDENTIALS;
  if (!path) return 'google adc';
  try {
    return labelOf(readCredentialsFile(path, 'vertex'));
  } catch {
    return 'google credentials file';
  }
}

function labelOf(described: z.infer<typeof credentialsFileSchema> | undefined): string {
  return described?.client_email ? `google ${described.client_email}` : described ? `google ${described.type}` : 'google adc';
}

function readCredentialsFile(path: string, providerName: string): z.infer<typeof credentialsFileSchema> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`providers.${providerName}.credentials_file: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    throw new ConfigError(`providers.${providerName}.credentials_file: ${path} is not JSON (expected a service-account key file)`);
  }
  const parsed = credentialsFileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`providers.${providerName}.credentials_file: ${path} has no "type" (expected a service-account key file)`);
  return parsed.data;
}

/**
 * A failure to get a token, classified: the token endpoint refusing the credentials (a revoked
 * key, a bad signature, a deleted account) is `auth` for this provider's credentials; not
 * reaching it is a connection failure. The library's message is kept, never the assertion.
 */
function tokenError(error: unknown, target: TargetRef): Error {
  const response = (error as { response?: { status?: unknown; data?: unknown } }).response;
  const status = typeof response?.status === 'number' ? response.status : undefined;
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  if (status !== undefined && status >= 400 && status < 500) {
    return new UpstreamHttpError({ status: 401, failureClass: 'auth', providerMessage: `Google refused the credentials: ${message}`, target });
  }
  if (status !== undefined) return new UpstreamHttpError({ status: 503, failureClass: 'server', providerMessage: `Google's token endpoint failed: ${message}`, target });
  if (/Could not load the default credentials|Unable to detect a Project Id/i.test(message)) {
    return new UpstreamHttpError({ status: 401, failureClass: 'auth', providerMessage: `no Google credentials found: set credentials_file or GOOGLE_APPLICATION_CREDENTIALS (${message})`, target });
  }
  return new UpstreamConnectionError(`could not reach Google for an access token: ${message}`, { target, cause: error });
}
