import type { ComponentStatus } from '../../health/health-types.js';
import type { StatuspageStatus } from './statuspage-types.js';

/**
 * Page indicator and description from the worst component status, with Atlassian's own strings
 * (spec README: one component maps operational → "All Systems Operational", degraded →
 * "Partially Degraded Service", partial → "Partial System Outage", major → "Major System Outage").
 * Lifeline "blends" by taking the worst status: it never understates, unlike the real pages.
 */
const PAGE_STATUS: Record<ComponentStatus, StatuspageStatus> = {
  operational: { indicator: 'none', description: 'All Systems Operational' },
  degraded_performance: { indicator: 'minor', description: 'Partially Degraded Service' },
  partial_outage: { indicator: 'major', description: 'Partial System Outage' },
  major_outage: { indicator: 'critical', description: 'Major System Outage' },
};

/** The page status for an overall (worst) component status. */
export function pageStatus(overall: ComponentStatus): StatuspageStatus {
  return { ...PAGE_STATUS[overall] };
}
