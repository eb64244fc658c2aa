import { worseStatus, type ComponentId, type ComponentVerdict, type HealthSnapshot } from '../../health/health-types.js';
import { statuspageId } from './statuspage-id.js';
import { statuspageTime } from './statuspage-time.js';
import type { StatuspageComponent } from './statuspage-types.js';

/** A published component plus the name Statuspage uses for it inside `affected_components`. */
export interface MappedComponent {
  component: StatuspageComponent;
  /** `"<group> - <child>"` for a target, the plain name for a provider. */
  affectedName: string;
}

/** Statuspage components in page order, and a lookup by Lifeline component id. */
export interface ComponentMapping {
  components: StatuspageComponent[];
  byLifelineId: Map<ComponentId, MappedComponent>;
}

/**
 * Maps a health snapshot to Statuspage components: each provider becomes a group (`group: true`,
 * children ids in `components`) followed by its targets, as in the spec samples. A provider with
 * no targets stays a plain component, since an empty group means nothing to a widget.
 * `firstSeenAt` gives each component's `created_at` (when this Lifeline first published it).
 */
export function mapComponents(snapshot: HealthSnapshot, pageId: string, firstSeenAt: (id: ComponentId) => number): ComponentMapping {
  const providers = snapshot.components.filter((verdict) => verdict.kind === 'provider');
  const components: StatuspageComponent[] = [];
  const byLifelineId = new Map<ComponentId, MappedComponent>();

  providers.forEach((provider, providerIndex) => {
    const targets = snapshot.components.filter((verdict) => verdict.kind === 'target' && verdict.parentId === provider.id);
    const groupId = statuspageId(provider.id);
    const children = targets.map((target, targetIndex) => ({
      verdict: target,
      component: leafComponent(target, targetIndex + 1, groupId, pageId, firstSeenAt(target.id), childName(target, provider)),
    }));
    // Statuspage shows a group as bad as its worst child (spec "not confirmed" 2, as the samples do).
    const worst = [provider.status, ...targets.map((target) => target.status)].reduce(worseStatus);
    const group: StatuspageComponent = {
      ...leafComponent(provider, providerIndex + 1, null, pageId, firstSeenAt(provider.id), provider.name),
      status: worst,
      showcase: children.length === 0,
      group: children.length > 0,
    };
    if (children.length > 0) group.components = children.map((child) => child.component.id);
    components.push(group);
    byLifelineId.set(provider.id, { component: group, affectedName: group.name });
    for (const child of children) {
      components.push(child.component);
      byLifelineId.set(child.verdict.id, { component: child.component, affectedName: `${group.name} - ${child.component.name}` });
    }
  });
  return { components, byLifelineId };
}

function leafComponent(
  verdict: ComponentVerdict,
  position: number,
  groupId: string | null,
  pageId: string,
  firstSeenAtMs: number,
  name: string,
): StatuspageComponent {
  // Key order is Statuspage's; JSON.stringify keeps insertion order.
  return {
    id: statuspageId(verdict.id),
    name,
    status: verdict.status,
    created_at: statuspageTime(Math.min(firstSeenAtMs, verdict.since)),
    updated_at: statuspageTime(verdict.since),
    position,
    description: verdict.reason.trim() === '' ? null : verdict.reason,
    showcase: true,
    start_date: null,
    group_id: groupId,
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
  };
}

/** A target's plain name inside its group: `anthropic/claude-x` → `claude-x`. */
function childName(target: ComponentVerdict, provider: ComponentVerdict): string {
  const prefix = `${provider.name}/`;
  return target.name.startsWith(prefix) ? target.name.slice(prefix.length) : target.name;
}

/** A readable name for a component that is no longer in the snapshot (`target:p/m` → `p - m`). */
export function fallbackAffectedName(id: ComponentId): string {
  if (id.startsWith('provider:')) return id.slice('provider:'.length);
  if (id.startsWith('target:')) return id.slice('target:'.length).replace('/', ' - ');
  return id;
}
