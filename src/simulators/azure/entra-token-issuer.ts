import { sendJson, type Exchange } from '../exchange.js';
import { randomBase62 } from '../random-id.js';
import { sendAzureError, AZURE_ERRORS } from './azure-errors.js';

/** The path of the simulated managed-identity endpoint (App Service's `IDENTITY_ENDPOINT`). */
export const TOKEN_PATH = '/msi/token';
/** The audience Azure AI services accept (the resource of the `…/.default` scope). */
export const COGNITIVE_SERVICES_RESOURCE = 'https://cognitiveservices.azure.com';

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Tokens of every simulated endpoint in the process: Entra ID is one tenant, so a token one
 * identity endpoint issued is good at every simulated resource (and MSAL caches managed-identity
 * tokens process-wide, so a client may well bring one from another simulator).
 */
const TENANT_TOKENS = new Map<string, { expiresAtMs: number; audience: string }>();

/**
 * Microsoft Entra ID as a managed identity sees it: the App Service token endpoint
 * (`GET IDENTITY_ENDPOINT?api-version=2019-08-01&resource=…` with `X-IDENTITY-HEADER`, as
 * `@azure/identity`'s ManagedIdentityCredential calls it) issues JWT-shaped tokens with a lifetime,
 * and bearer tokens are checked for being issued here, unexpired and for the right audience.
 */
export class EntraTokenIssuer {
  /** The tokens this endpoint issued, in {@link TENANT_TOKENS}. */
  readonly #tokens = new Set<string>();
  readonly #identityHeader: string;
  #ttlSeconds: number;
  /** Tokens issued so far (a cache that works keeps this low). */
  issued = 0;

  constructor(options: { identityHeader: string; tokenTtlSeconds: number }) {
    this.#identityHeader = options.identityHeader;
    this.#ttlSeconds = options.tokenTtlSeconds;
  }

  /** Answers a token request. */
  answer(exchange: Exchange): void {
    const header = exchange.request.headers['x-identity-header'];
    if (header !== this.#identityHeader) {
      sendJson(exchange.response, 401, { 'content-type': 'application/json' }, JSON.stringify({ statusCode: 401, message: 'X-IDENTITY-HEADER is missing or invalid' }));
      return;
    }
    const query = new URLSearchParams(exchange.query);
    const resource = query.get('resource');
    if (query.get('api-version') !== '2019-08-01' || !resource) {
      sendJson(exchange.response, 400, { 'content-type': 'application/json' }, JSON.stringify({ statusCode: 400, message: 'api-version 2019-08-01 and resource are required' }));
      return;
    }
    const audience = resource.replace(/\/\.default$/, '').replace(/\/+$/, '');
    const expiresOn = Math.floor(Date.now() / 1000) + this.#ttlSeconds;
    const token = `${base64url({ typ: 'JWT', alg: 'RS256' })}.${base64url({ aud: audience, exp: expiresOn, oid: 'sim-identity' })}.${randomBase62(43)}`;
    this.#tokens.add(token);
    TENANT_TOKENS.set(token, { expiresAtMs: expiresOn * 1000, audience });
    this.issued += 1;
    const body = { access_token: token, expires_on: String(expiresOn), resource, token_type: 'Bearer', client_id: '00000000-0000-0000-0000-00000000a11e' };
    sendJson(exchange.response, 200, { 'content-type': 'application/json' }, JSON.stringify(body));
  }

  /** True when `token` was issued (here or by another simulated endpoint) for Azure AI services and has not expired. */
  accepts(token: string): boolean {
    const entry = TENANT_TOKENS.get(token);
    return entry !== undefined && entry.expiresAtMs > Date.now() && entry.audience === COGNITIVE_SERVICES_RESOURCE;
  }

  /** `token`, or every token issued here so far, stops being accepted (as if its lifetime ran out). */
  expire(token?: string): void {
    for (const issued of token === undefined ? [...this.#tokens] : [token]) {
      TENANT_TOKENS.delete(issued);
      this.#tokens.delete(issued);
    }
  }

  /** Lifetime of tokens issued from now on. */
  setTtlSeconds(seconds: number): void {
    this.#ttlSeconds = seconds;
  }

  /** Sends Azure's 401 for a bad token. */
  static refuse(exchange: Exchange): void {
    sendAzureError(exchange, AZURE_ERRORS.invalidToken);
  }
}
