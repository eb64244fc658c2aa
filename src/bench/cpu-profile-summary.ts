import { z } from 'zod';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) the summary needs. */
export const cpuProfileSchema = z
  .object({
    nodes: z.array(
      z
        .object({
          id: z.number(),
          callFrame: z
            .object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number().nullish() })
            .loose(),
        })
        .loose(),
    ),
    samples: z.array(z.number()),
    timeDeltas: z.array(z.number()),
  })
  .loose();

export type CpuProfile = z.infer<typeof cpuProfileSchema>;

/** Self time of one function or one area (package, node internals, project file). */
export interface SelfTimeEntry {
  name: string;
  selfMs: number;
  /** Share of the busy time (idle excluded). */
  percent: number;
}

/** Busy time split by function and by area. */
export interface CpuProfileSummary {
  busyMs: number;
  idleMs: number;
  functions: SelfTimeEntry[];
  areas: SelfTimeEntry[];
}

/** Where a script lives: a package name, `node:internal`, the project file, or a V8 pseudo-frame. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch?.[1]) return packageMatch[1];
  const projectMatch = /\/dist\/(.+)$/.exec(url);
  return projectMatch?.[1] ?? url.replace(/^file:\/\//, '');
}

function topEntries(totals: Map<string, number>, busyMs: number, limit: number): SelfTimeEntry[] {
  return [...totals.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, limit)
    .map(([name, selfMs]) => ({ name, selfMs, percent: busyMs > 0 ? (selfMs * 100) / busyMs : 0 }));
}

/**
 * Sums self time per function and per area. Sample i is charged timeDeltas[i + 1], the time until the
 * next sample, which is how Chrome DevTools attributes it.
 */
export function summariseCpuProfile(profile: CpuProfile, limit = 25): CpuProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let busyMicros = 0;
  let idleMicros = 0;
  profile.samples.forEach((nodeId, index) => {
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const frame = frames.get(nodeId);
    if (frame === undefined || micros <= 0) return;
    if (frame.functionName === '(idle)') {
      idleMicros += micros;
      return;
    }
    busyMicros += micros;
    const area = areaOf(frame.url, frame.functionName);
    const name = `${frame.functionName || '(anonymous)'} ${area}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros / 1000);
    byArea.set(area, (byArea.get(area) ?? 0) + micros / 1000);
  });
  const busyMs = busyMicros / 1000;
  return { busyMs, idleMs: idleMicros / 1000, functions: topEntries(byFunction, busyMs, limit), areas: topEntries(byArea, busyMs, limit) };
}

/** Two plain-text lists: top functions by self time, then top areas. */
export function renderCpuProfileSummary(summary: CpuProfileSummary): string {
  const line = (entry: SelfTimeEntry): string => `${entry.selfMs.toFixed(0).padStart(8)} ms ${entry.percent.toFixed(1).padStart(5)}%  ${entry.name}`;
  return [
    `busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms`,
    'top functions by self time:',
    ...summary.functions.map(line),
    'by area:',
    ...summary.areas.map(line),
  ].join('\n');
}
