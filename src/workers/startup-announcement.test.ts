import { describe, expect, it } from 'vitest';
import { StartupAnnouncement } from './startup-announcement.js';

describe('StartupAnnouncement', () => {
  it('announces once every worker has listened, not at the first', () => {
    const announcement = new StartupAnnouncement(3);
    expect(announcement.workerListening(2)).toBe(false);
    expect(announcement.workerListening(2)).toBe(false);
    expect(announcement.workerListening(1)).toBe(false);
    expect(announcement.announced).toBe(false);
    expect(announcement.workerListening(3)).toBe(true);
    expect(announcement.announced).toBe(true);
  });

  it('announces a single worker at once, and never twice (a replacement listening later)', () => {
    const announcement = new StartupAnnouncement(1);
    expect(announcement.workerListening(1)).toBe(true);
    expect(announcement.workerListening(1)).toBe(false);
  });
});
