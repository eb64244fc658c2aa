import { FAILURE_CLASS_TABLE, type FailureClass, type FailureGroup } from '../errors/index.js';

/** The health group of a failure class (`healthGroup` in the one failure-class table). */
export function failureGroup(failureClass: FailureClass): FailureGroup {
  return FAILURE_CLASS_TABLE[failureClass].healthGroup;
}

/** Failures of the given groups among `classes`. */
export function countFailures(classes: Partial<Record<FailureClass, number>>, groups: readonly FailureGroup[]): number {
  let total = 0;
  for (const [failureClass, count] of Object.entries(classes) as Array<[FailureClass, number]>) {
    if (groups.includes(failureGroup(failureClass))) total += count;
  }
  return total;
}

/** `overloaded ×10, server errors ×2`, most frequent first. */
export function describeClasses(classes: Partial<Record<FailureClass, number>>): string {
  return (Object.entries(classes) as Array<[FailureClass, number]>)
    .filter(([, count]) => count > 0)
    .sort((left, right) => right[1] - left[1])
    .map(([failureClass, count]) => `${FAILURE_CLASS_TABLE[failureClass].words} ×${count}`)
    .join(', ');
}
