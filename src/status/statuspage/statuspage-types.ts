import type { ComponentStatus } from '../../health/health-types.js';
import type { IncidentImpact, IncidentStatus } from '../../store/store.js';

/**
 * The Statuspage v2 public JSON objects, field for field and in the order Statuspage emits them
 * (see /work/shared/specs/statuspage/README.md). Absent values are `null`, never omitted.
 */
export interface StatuspagePage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

/** Top-level page status; `maintenance` exists upstream but Lifeline never schedules maintenance. */
export interface StatuspageStatus {
  indicator: 'none' | 'minor' | 'major' | 'critical';
  description: string;
}

/** A component or (with `group: true` and `components`) a component group. */
export interface StatuspageComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Groups only: ids of the children. Leaf components have no such key at all. */
  components?: string[];
}

export interface StatuspageAffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface StatuspageIncidentUpdate {
  id: string;
  status: IncidentStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: StatuspageAffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: string | null;
  tweet_id: string | null;
}

export interface StatuspageIncident {
  id: string;
  name: string;
  status: IncidentStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: IncidentImpact;
  shortlink: string;
  started_at: string;
  page_id: string;
  /** Newest first. */
  incident_updates: StatuspageIncidentUpdate[];
  components: StatuspageComponent[];
  reminder_intervals: null;
}

/** Lifeline schedules no maintenance, so these lists are always empty; the type keeps them honest. */
export type StatuspageScheduledMaintenance = never;

export interface StatuspageSummary {
  page: StatuspagePage;
  components: StatuspageComponent[];
  incidents: StatuspageIncident[];
  scheduled_maintenances: StatuspageScheduledMaintenance[];
  status: StatuspageStatus;
}
