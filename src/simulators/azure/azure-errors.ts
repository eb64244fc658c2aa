import { sendJson, type Exchange } from '../exchange.js';
import { randomHex } from '../random-id.js';

/** Azure's own error bodies (its API gateway answers these before any model sees the request). */
export const AZURE_ERRORS = {
  invalidKey: {
    status: 401,
    code: '401',
    message:
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  },
  invalidToken: {
    status: 401,
    code: '401',
    message: 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
  },
  resourceNotFound: { status: 404, code: '404', message: 'Resource not found' },
  deploymentNotFound: {
    status: 404,
    code: 'DeploymentNotFound',
    message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
  },
  apiVersionNotSupported: { status: 400, code: 'BadRequest', message: 'API version not supported' },
} as const;

/** One of {@link AZURE_ERRORS}. */
export type AzureError = (typeof AZURE_ERRORS)[keyof typeof AZURE_ERRORS];

/** Request-id headers every Azure AI answer carries. */
export function azureHeaders(): Record<string, string> {
  const id = `${randomHex(8)}-${randomHex(4)}-${randomHex(4)}-${randomHex(4)}-${randomHex(12)}`;
  return { 'content-type': 'application/json', 'apim-request-id': id, 'x-request-id': id, 'x-ms-region': 'East US 2' };
}

/** Answers with Azure's `{"error":{"code","message"}}` envelope. */
export function sendAzureError(exchange: Exchange, error: AzureError): void {
  sendJson(exchange.response, error.status, azureHeaders(), JSON.stringify({ error: { code: error.code, message: error.message } }));
}
