import { afterEach, describe, expect, it } from 'vitest';
import { registerSecrets } from '../secrets/redact-secrets.js';
import { createMemoryStore } from './memory/memory-store.js';
import { withRedactedText } from './redact-stored-text.js';

const SECRET = 'abcDEF123xyz';
let release: (() => void) | undefined;
afterEach(() => release?.());

describe('withRedactedText', () => {
  it('keeps no configured secret in incident titles, updates and postmortems', async () => {
    release = registerSecrets([SECRET]);
    const backend = createMemoryStore();
    const store = withRedactedText(backend);
    const created = await store.incidents.create({ title: `key ${SECRET} rejected`, status: 'investigating', impact: 'minor', componentIds: [], automatic: false, body: `pasted ${SECRET}` });
    await store.incidents.update(created.id, { status: 'identified', body: `still ${SECRET}`, automatic: false, title: `title ${SECRET}` });
    await store.incidents.update(created.id, { status: 'resolved', body: 'fixed', automatic: false });
    await store.incidents.update(created.id, { status: 'postmortem', body: 'published', automatic: false, postmortem: `root cause: ${SECRET} leaked` });
    const stored = JSON.stringify(await backend.incidents.get(created.id));
    expect(stored).not.toContain(SECRET);
    expect(stored).toContain('root cause: [redacted] leaked');
    expect(JSON.parse(stored)).toMatchObject({ title: 'title [redacted]', updates: [{ body: 'pasted [redacted]' }, { body: 'still [redacted]' }, {}, {}] });
  });

  it('keeps no configured secret in webhook payloads and delivery errors, and still clears a field given as undefined', async () => {
    release = registerSecrets([SECRET]);
    const backend = createMemoryStore();
    const store = withRedactedText(backend);
    const delivery = await store.webhooks.create({
      webhook: 'ops', event: 'incident.opened', incidentId: 'i-1', payload: JSON.stringify({ body: `echo ${SECRET}` }),
      state: 'pending', attempts: 0, createdAt: 1, lastError: `refused ${SECRET}`,
    });
    await store.webhooks.update(delivery.id, { attempts: 1, lastError: `again ${SECRET}` });
    expect(JSON.stringify(await backend.webhooks.list())).not.toContain(SECRET);
    expect(JSON.parse((await backend.webhooks.list())[0]!.payload)).toEqual({ body: 'echo [redacted]' });
    const cleared = await store.webhooks.update(delivery.id, { state: 'delivered', lastError: undefined });
    expect(cleared.lastError).toBeUndefined();
  });

  it('keeps no configured secret in a stored response or its input, and both stay JSON', async () => {
    release = registerSecrets([SECRET]);
    const backend = createMemoryStore();
    const store = withRedactedText(backend);
    await store.responses.put({ id: 'resp_1', response: JSON.stringify({ output_text: `your key is ${SECRET}` }), input: JSON.stringify([{ role: 'user', content: `use ${SECRET}` }]), createdAt: 0, expiresAt: 10 });
    const kept = await backend.responses.get('resp_1', 0);
    expect(JSON.parse(kept!.response)).toEqual({ output_text: 'your key is [redacted]' });
    expect(JSON.parse(kept!.input)).toEqual([{ role: 'user', content: 'use [redacted]' }]);
  });
});
