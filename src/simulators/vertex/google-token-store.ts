import { createPublicKey, randomBytes, verify } from 'node:crypto';

/** An access token the simulated Google token endpoint issued. */
interface IssuedToken {
  expiresAtMs: number;
  /** The service account (JWT `iss`) or `metadata` for a metadata-server token. */
  subject: string;
}

/** Why a bearer token was refused: Google's `ErrorInfo.reason` words. */
export type TokenRefusal = 'CREDENTIALS_MISSING' | 'ACCESS_TOKEN_EXPIRED' | 'ACCESS_TOKEN_TYPE_UNSUPPORTED';

/** Options of the simulated Google OAuth token endpoint. */
export interface GoogleTokenOptions {
  /** `expires_in` of issued tokens; default 3600 (Google's own). */
  tokenLifetimeSeconds?: number;
  /** Service account email → public key (PEM): assertions from others, or badly signed, are refused. Unset: any well-formed assertion. */
  serviceAccountKeys?: Record<string, string>;
}

/** Issues short-lived bearer tokens for JWT-bearer assertions (the service-account flow) and checks them on every call. */
export class GoogleTokenStore {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #lifetimeSeconds: number;
  readonly #keys: Record<string, string> | undefined;

  constructor(options: GoogleTokenOptions = {}) {
    this.#lifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
    this.#keys = options.serviceAccountKeys;
  }

  /**
   * Answers a `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` form the way
   * oauth2.googleapis.com/token does: the token, or `{error, error_description}` with a 400.
   */
  exchangeAssertion(formText: string): { status: number; body: Record<string, unknown> } {
    const form = new URLSearchParams(formText);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + (form.get('grant_type') ?? '') } };
    const assertion = form.get('assertion') ?? '';
    const [header, payload, signature] = assertion.split('.');
    if (!header || !payload || !signature) return invalidGrant('Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
    let claims: { iss?: unknown; scope?: unknown; exp?: unknown; iat?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return invalidGrant('Invalid JWT payload.');
    }
    const nowSeconds = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp < nowSeconds || typeof claims.iat !== 'number' || claims.exp - claims.iat > 3600) {
      return invalidGrant('Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
    }
    if (typeof claims.iss !== 'string') return invalidGrant('Invalid JWT: iss claim is missing.');
    if (typeof claims.scope !== 'string' || claims.scope === '') return { status: 400, body: { error: 'invalid_scope', error_description: 'Invalid OAuth scope or ID token audience provided.' } };
    if (this.#keys) {
      const key = this.#keys[claims.iss];
      if (!key) return invalidGrant('Invalid grant: account not found');
      if (!verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey(key), Buffer.from(signature, 'base64url'))) return invalidGrant('Invalid JWT Signature.');
    }
    return { status: 200, body: this.issue(claims.iss) };
  }

  /** A new token for `subject`, in the token endpoint's (and metadata server's) answer shape. */
  issue(subject: string): { access_token: string; expires_in: number; token_type: 'Bearer' } {
    const token = `ya29.sim-${randomBytes(24).toString('base64url')}`;
    this.#tokens.set(token, { expiresAtMs: Date.now() + this.#lifetimeSeconds * 1000, subject });
    // Expired tokens are forgotten lazily, so the map stays about as large as the live ones.
    if (this.#tokens.size > 1_000) for (const [known, issued] of this.#tokens) if (issued.expiresAtMs < Date.now()) this.#tokens.delete(known);
    return { access_token: token, expires_in: this.#lifetimeSeconds, token_type: 'Bearer' };
  }

  /** Undefined when `token` is a live token this endpoint issued, else why it is refused. */
  check(token: string | undefined): TokenRefusal | undefined {
    if (!token) return 'CREDENTIALS_MISSING';
    const issued = this.#tokens.get(token);
    if (!issued) return 'ACCESS_TOKEN_TYPE_UNSUPPORTED';
    return issued.expiresAtMs <= Date.now() ? 'ACCESS_TOKEN_EXPIRED' : undefined;
  }
}

function invalidGrant(description: string): { status: number; body: Record<string, unknown> } {
  return { status: 400, body: { error: 'invalid_grant', error_description: description } };
}
