import { describe, expect, it } from 'vitest';
import type { Gateway } from '../../pipeline/gateway.js';
import { BodyScan } from './body-scan.js';

/** A gateway whose every route goes to one provider speaking `wireFormat`; counts its route look-ups. */
function gatewayOf(wireFormat: string, match?: () => never) {
  const seen: string[] = [];
  const targets = [{ provider: 'p' }];
  const gateway = {
    routes: {
      match: (model: string) => {
        seen.push(model);
        return match ? match() : { targets, longContext: [] };
      },
    },
    providers: new Map([['p', { adapter: { wireFormat } }]]),
  } as unknown as Gateway;
  return { gateway, seen };
}

const body = Buffer.from('{"model":"m-1","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}');

function feed(scan: BodyScan, cuts: number[]): void {
  [0, ...cuts].forEach((cut, index, all) => scan.write(body.subarray(cut, all[index + 1] ?? body.length)));
}

describe('BodyScan', () => {
  it('on a long body, stops the scan once the model has arrived and its route translates', () => {
    const { gateway, seen } = gatewayOf('openai');
    const scan = new BodyScan(8, body.length, gateway, 'anthropic');
    feed(scan, [20, 40]);
    expect(seen).toEqual(['m-1']);
    expect(scan.scanner.end()).toBeUndefined();
  });

  it('scans a long body to the end when its route speaks the client format, looking the route up once', () => {
    const { gateway, seen } = gatewayOf('anthropic');
    const scan = new BodyScan(8, Number.NaN, gateway, 'anthropic');
    feed(scan, [20, 40, 60]);
    expect(seen).toEqual(['m-1']);
    expect([...scan.scanner.end()!.keys()]).toEqual(['model', 'max_tokens', 'messages']);
  });

  it('leaves a body complete in its chunk to be routed after the scan: no look-up in the listener', () => {
    const { gateway, seen } = gatewayOf('openai');
    const scan = new BodyScan(8, body.length, gateway, 'anthropic');
    feed(scan, []);
    expect(seen).toEqual([]);
    expect(scan.scanner.end()?.get('model')).toEqual({ start: 9, end: 14 });
  });

  it('stops the scan when the route look-up throws, instead of throwing in the data listener', () => {
    const { gateway } = gatewayOf('anthropic', () => {
      throw new Error('broken route table');
    });
    const scan = new BodyScan(8, body.length, gateway, 'anthropic');
    expect(() => feed(scan, [20])).not.toThrow();
    expect(scan.scanner.end()).toBeUndefined();
  });
});
