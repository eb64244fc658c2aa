import { randomUUID } from 'node:crypto';

/**
 * A `msg_` id for the client: the provider's own when it is one, else `msg_` + the provider's id
 * (so the same answer always gets the same id), or a fresh one when the provider gave none.
 */
export function toAnthropicMessageId(providerId: string | undefined): string {
  if (providerId === undefined || providerId === '') return `msg_${randomUUID().replaceAll('-', '')}`;
  return providerId.startsWith('msg_') ? providerId : `msg_${providerId}`;
}
