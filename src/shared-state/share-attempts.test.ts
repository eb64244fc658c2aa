import { afterAll, describe, expect, it } from 'vitest';
import { TypedEmitter } from '../core/typed-event.js';
import type { AttemptEvent } from '../observability/gateway-events.js';
import { shareAttempts } from './share-attempts.js';
import { sharedStateBackends } from './shared-state-backends.js';

const backends = await sharedStateBackends();

afterAll(async () => {
  for (const backend of backends) await backend.cleanUp();
});

const attempt = (outcome: AttemptEvent['outcome']): AttemptEvent => ({
  at: Date.now(),
  provider: 'primary',
  model: 'claude-x',
  key: 'key-1 …0001',
  outcome,
  ...(outcome === 'failure' ? { failureClass: 'overloaded' as const, status: 529, origin: 'upstream' as const } : {}),
  durationMs: 12,
  stream: false,
  source: 'traffic',
});

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`fleet attempts through ${backend.name}${backend.skip ? ` (skipped: ${backend.skip.reason})` : ''}`, () => {
    it('hands every attempt one instance sent to the others, and not the ones it skipped', async () => {
      const group = backend.group('attempts');
      const [first, second] = [group.join(), group.join()];
      const events = new TypedEmitter<AttemptEvent>();
      const sharing = shareAttempts({ onAttemptEnd: events.event }, first);
      const hearing = shareAttempts({ onAttemptEnd: new TypedEmitter<AttemptEvent>().event }, second);
      try {
        await Promise.all([first.ready(3_000), second.ready(3_000)]);
        const heard: AttemptEvent[] = [];
        hearing.onRemoteAttempt((event) => heard.push(event));
        const ownEcho: AttemptEvent[] = [];
        sharing.onRemoteAttempt((event) => ownEcho.push(event));
        events.emit(attempt('failure'));
        events.emit(attempt('skipped'));
        events.emit(attempt('success'));
        await expect.poll(() => heard.length, { timeout: 3_000 }).toBe(2);
        expect(heard.map((event) => event.outcome)).toEqual(['failure', 'success']);
        expect(heard[0]).toMatchObject({ provider: 'primary', failureClass: 'overloaded', status: 529 });
        expect(ownEcho).toEqual([]);
      } finally {
        sharing.dispose();
        hearing.dispose();
        await Promise.all([first.close(), second.close()]);
      }
    });
  });
}
