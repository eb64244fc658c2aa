import { redactSecrets } from '../secrets/redact-secrets.js';
import type { DeferredJobRepository, IncidentRepository, LifelineStore, ResponseRepository, WebhookDeliveryRepository } from './store.js';

/** Redacts a field that is present, leaving an absent one absent (and `undefined`, which clears, as it is). */
function redactField<Change extends object, Field extends keyof Change>(change: Change, field: Field): Change {
  const value = change[field];
  return typeof value === 'string' ? { ...change, [field]: redactSecrets(value) } : change;
}

function redactingIncidents(incidents: IncidentRepository): IncidentRepository {
  return {
    create: (incident) => incidents.create(redactField(redactField(incident, 'title'), 'body')),
    update: (id, change) => incidents.update(id, redactField(redactField(redactField(change, 'title'), 'body'), 'postmortem')),
    get: (id) => incidents.get(id),
    list: (options) => incidents.list(options),
    listUnresolved: () => incidents.listUnresolved(),
    findOpen: (openKey) => incidents.findOpen(openKey),
  };
}

function redactingWebhooks(webhooks: WebhookDeliveryRepository): WebhookDeliveryRepository {
  return {
    create: (delivery) => webhooks.create(redactField(redactField(delivery, 'payload'), 'lastError')),
    update: (id, change) => webhooks.update(id, redactField(redactField(change, 'payload'), 'lastError')),
    list: (options) => webhooks.list(options),
    due: (now) => webhooks.due(now),
    prune: (beforeMs) => webhooks.prune(beforeMs),
  };
}

/** The client's request and the provider's answer are kept as they are (they are the job); errors are redacted. */
function redactingJobs(jobs: DeferredJobRepository): DeferredJobRepository {
  return {
    ...jobs,
    finish: (id, owner, outcome) => jobs.finish(id, owner, redactField(outcome, 'lastError')),
    release: (id, owner, lastError) => jobs.release(id, owner, lastError === undefined ? undefined : redactSecrets(lastError)),
  };
}

/**
 * Stored responses are conversations, kept for the client to continue: kept as they are, except
 * that a secret pasted into one (a provider key echoed in a tool output) is not written down.
 * The marker is plain text, so the JSON stays valid.
 */
function redactingResponses(responses: ResponseRepository): ResponseRepository {
  return {
    ...responses,
    put: (response) => responses.put({ ...response, response: redactSecrets(response.response), input: redactSecrets(response.input) }),
  };
}

/**
 * The store with every text it keeps redacted on the way in: incident titles, updates and
 * postmortems (automatic ones quote measurements, admins write freely), webhook payloads (sent
 * as stored, so receivers get the redacted text) and delivery errors. Rollups and probe results
 * hold numbers, statuses and key labels only.
 */
export function withRedactedText(store: LifelineStore): LifelineStore {
  return {
    kind: store.kind,
    incidents: redactingIncidents(store.incidents),
    rollups: store.rollups,
    probes: store.probes,
    webhooks: redactingWebhooks(store.webhooks),
    // Names, prefixes, hashes and counts only: a key's text is never handed to the store.
    clientKeys: store.clientKeys,
    keyUsage: store.keyUsage,
    deferredJobs: redactingJobs(store.deferredJobs),
    responses: redactingResponses(store.responses),
    close: () => store.close(),
  };
}
