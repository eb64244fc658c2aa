import { describe, expect, it, vi } from 'vitest';
import { TypedEmitter } from './typed-event.js';

describe('TypedEmitter', () => {
  it('delivers data to every listener until disposed', () => {
    const emitter = new TypedEmitter<number>();
    const first = vi.fn();
    const second = vi.fn();
    const subscription = emitter.event(first);
    emitter.event(second);
    emitter.emit(1);
    subscription.dispose();
    emitter.emit(2);
    expect(first.mock.calls).toEqual([[1]]);
    expect(second.mock.calls).toEqual([[1], [2]]);
    expect(emitter.size).toBe(1);
  });

  it('keeps going when a listener throws, handing the error to onListenerError', () => {
    const errors: unknown[] = [];
    const emitter = new TypedEmitter<string>((error) => errors.push(error));
    const after = vi.fn();
    emitter.event(() => {
      throw new Error('listener bug');
    });
    emitter.event(after);
    expect(() => emitter.emit('x')).not.toThrow();
    expect(after).toHaveBeenCalledWith('x');
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('listener bug');
  });
});
