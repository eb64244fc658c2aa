import { randomBytes } from 'node:crypto';

/** A `resp_…` id: the provider's own when it is one, else derived from it so logs can be matched. */
export function toResponseId(providerId: string | undefined): string {
  if (providerId?.startsWith('resp_')) return providerId;
  const cleaned = (providerId ?? '').replace(/^(msg|chatcmpl)[_-]/, '').replace(/[^A-Za-z0-9]/g, '');
  return `resp_${cleaned || randomBytes(24).toString('hex')}`;
}

/** A fresh output item id with the API's prefix (`msg`, `fc`, `ctc`, `rs`). */
export function newItemId(prefix: 'msg' | 'fc' | 'ctc' | 'rs'): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
}
