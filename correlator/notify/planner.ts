import { matchesAll } from '../../rules/matchers.js';
import type { Priority } from '../model/itil.js';
import type { IncidentRecord, TimelineEntry } from '../model/records.js';
import type { NotifyTransition, OutboxEntry } from '../store/outbox-store.js';
import { renderBody, renderText } from './body-template.js';
import { routeFacts, templateValues } from './context.js';
import type { NotifySetup, Receiver } from './setup.js';
import { transitionOf } from './transitions.js';

/** An incident about to be committed (at the version it was read) with the timeline entries that changed it. */
export interface PlannedChange {
  incident: IncidentRecord;
  entries: readonly TimelineEntry[];
}

/** PagerDuty's `event_action` for each transition; a repeated trigger updates the open PagerDuty incident. */
const PD_ACTION: Readonly<Record<NotifyTransition, 'trigger' | 'acknowledge' | 'resolve'>> = {
  opened: 'trigger',
  escalated: 'trigger',
  acknowledged: 'acknowledge',
  resolved: 'resolve',
};

/** PagerDuty's payload severity for each priority. */
const PD_SEVERITY: Readonly<Record<Priority, 'critical' | 'error' | 'warning' | 'info'>> = {
  P1: 'critical',
  P2: 'error',
  P3: 'warning',
  P4: 'info',
  P5: 'info',
};

/**
 * Decides which notifications a commit produces: for every notifying transition on the changed
 * incidents, every receiver a matching route names (once per receiver: the first route naming it
 * is the `rule`), with the body rendered now, as the incident is at that transition. Pure apart from
 * `labelsOf`; the pipeline puts the result into the same unit of work as the transition.
 */
export class NotificationPlanner {
  readonly #setup: NotifySetup;

  constructor(setup: NotifySetup) {
    this.#setup = setup;
  }

  async plan(
    changes: readonly PlannedChange[],
    now: number,
    labelsOf: (incident: IncidentRecord) => Promise<Readonly<Record<string, string>>>,
  ): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    for (const { incident, entries } of changes) {
      const seen = new Map<NotifyTransition, number>();
      let labels: Readonly<Record<string, string>> | null = null;
      for (const entry of entries) {
        const transition = transitionOf(entry, incident);
        if (!transition) continue;
        const n = (seen.get(transition) ?? 0) + 1;
        seen.set(transition, n);
        labels ??= await labelsOf(incident);
        const facts = routeFacts(incident, transition, labels);
        const chosen = new Map<string, string>();
        for (const route of this.#setup.routes) {
          if (!route.transitions.has(transition) || !matchesAll(route.matchers, facts)) continue;
          for (const receiver of route.receivers) if (!chosen.has(receiver)) chosen.set(receiver, route.name);
        }
        for (const [name, rule] of chosen) {
          const receiver = this.#setup.receivers.get(name);
          if (!receiver) continue;
          const values = templateValues(incident, entry, transition, labels, { rule, receiver: name });
          // The stored version after this commit makes the key unique and the same on every retry of it.
          const id = `${incident.id}:${transition}:v${incident.version + 1}${n > 1 ? `.${n}` : ''}:${name}`;
          out.push({
            id,
            incidentId: incident.id,
            transition,
            receiver: name,
            rule,
            kind: receiver.kind,
            body: bodyOf(receiver, incident, transition, values),
            createdAt: now,
            requeuedAt: null,
            state: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            deliveredAt: null,
            lastReason: null,
            lastError: null,
          });
        }
      }
    }
    return out;
  }
}

function bodyOf(
  receiver: Receiver,
  incident: IncidentRecord,
  transition: NotifyTransition,
  values: Readonly<Record<string, string>>,
): unknown {
  if (receiver.kind === 'webhook') return renderBody(receiver.body, values);
  const action = PD_ACTION[transition];
  const dedupKey = renderText(receiver.dedupKey, values, 255);
  if (action !== 'trigger') return { event_action: action, dedup_key: dedupKey };
  return {
    event_action: action,
    dedup_key: dedupKey,
    client: 'vigil',
    payload: {
      summary: renderText(receiver.summary, values, 1024) || incident.title.slice(0, 1024) || incident.id,
      source: renderText(receiver.source, values, 255) || 'vigil',
      severity: PD_SEVERITY[incident.priority],
      component: incident.check ?? '',
      group: incident.assignmentGroup,
      class: incident.category,
      custom_details: {
        incident_id: incident.id,
        transition,
        priority: incident.priority,
        status: incident.status,
        escalation_level: incident.escalationLevel,
        detail: values.detail ?? '',
      },
    },
  };
}
