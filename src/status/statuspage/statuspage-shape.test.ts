import { describe, expect, it } from 'vitest';
import { compareToShape, learnShape } from './statuspage-shape.js';
import { endpointShapes, readSample } from './statuspage-samples.js';

describe('compareToShape', () => {
  it('accepts every sample against the shape learned from the samples', () => {
    const shapes = endpointShapes();
    expect(compareToShape(readSample('summary.json'), shapes['/api/v2/summary.json']!)).toEqual([]);
    expect(compareToShape(readSample('incidents.json'), shapes['/api/v2/incidents.json']!)).toEqual([]);
    expect(compareToShape(readSample('scheduled-maintenances.json'), shapes['/api/v2/scheduled-maintenances.json']!)).toEqual([]);
  });

  it('reports missing and unknown keys, wrong types, bad enums, formats and key order', () => {
    const shape = endpointShapes()['/api/v2/components.json']!;
    const sample = readSample('components.json') as { page: Record<string, unknown>; components: Array<Record<string, unknown>> };
    const first = sample.components[0]!;
    const { id, ...withoutId } = first;
    const broken = {
      page: { ...sample.page, updated_at: '2026-11-23 09:44' },
      components: [
        { ...withoutId, extra: 1 },
        { ...first, position: '1' },
        { ...first, status: 'down' },
        { name: first.name, id, ...withoutId },
      ],
    };
    const problems = compareToShape(broken, shape);
    expect(problems).toEqual(
      expect.arrayContaining([
        'page.updated_at: "2026-11-23 09:44" is not a timestamp like the samples',
        'components[0].extra: key not in the samples',
        'components[0].id: missing (present in every sample)',
        'components[1].position: string where the samples have integer',
        expect.stringContaining('components[2].status: "down" is not one of operational'),
        expect.stringContaining('components[3]: key order name,id'),
      ]),
    );
  });

  it('treats keys absent from some sample objects as optional (group-only `components`)', () => {
    const shape = learnShape([{ list: [{ a: 1 }, { a: 2, b: [] }] }]);
    expect(compareToShape({ list: [{ a: 3 }] }, shape)).toEqual([]);
    expect(compareToShape({ list: [{ b: [] }] }, shape)).toEqual(['list[0].a: missing (present in every sample)']);
  });
});
