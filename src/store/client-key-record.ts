import type { ClientKeyRecord, KeyUsage } from './store.js';

/** Drops optional keys holding `undefined`, so a record reads the same from every backend. */
export function compactClientKey(key: ClientKeyRecord): ClientKeyRecord {
  const clean: ClientKeyRecord = { ...key, routes: [...key.routes] };
  if (clean.rpm === undefined) delete clean.rpm;
  if (clean.tokensPerDay === undefined) delete clean.tokensPerDay;
  if (clean.expiresAt === undefined) delete clean.expiresAt;
  if (clean.revokedAt === undefined) delete clean.revokedAt;
  if (clean.lastUsedAt === undefined) delete clean.lastUsedAt;
  if (clean.defer !== true) delete clean.defer;
  return clean;
}

/** The message every backend gives for a name already taken. */
export function keyNameTakenMessage(name: string): string {
  return `A client key named "${name}" already exists (names stay taken after a revocation, so usage history stays unambiguous); choose another name.`;
}

/** The identity of a usage row: rows with the same one are summed. */
export function usageRowKey(row: Pick<KeyUsage, 'keyName' | 'day' | 'model' | 'target'>): string {
  return JSON.stringify([row.keyName, row.day, row.model, row.target]);
}

/** Usage order every backend returns: key, day, model, target. */
export function compareUsage(first: KeyUsage, second: KeyUsage): number {
  for (const field of ['keyName', 'day', 'model', 'target'] as const) {
    if (first[field] !== second[field]) return first[field] < second[field] ? -1 : 1;
  }
  return 0;
}
