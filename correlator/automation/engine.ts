import { VigilError } from '../errors/vigil-error.js';
import { isOpenStatus } from '../model/itil.js';
import type { CommittedIncident, IncidentObserver } from '../pipeline/incident-observer.js';
import { SerialQueue } from '../pipeline/serial-queue.js';
import type { ChangeRecord } from './change.js';
import { fail, finishFailed, launch, note, save, succeed } from './closed-loop.js';
import type { AutomationDeps, EngineCore } from './context.js';
import { loadFacts } from './facts.js';
import { matchingRules } from './match.js';
import { changeIds, considerRule } from './trigger.js';

/** Timeline actions that mean a failure is new or got worse: they let rules act. */
const TRIGGERS = new Set(['created', 'reopened', 'alert_attached', 'priority_raised']);

/** Verifications decided per tick at most; the rest wait for the next tick. */
const VERIFY_BATCH = 100;

/**
 * Monitoring-driven remediation (DESIGN.md "Changes"): observes committed incidents, lets matching
 * automation rules act through their guardrails, records every run as a standard change, and closes
 * the loop: a recovered signal credits the change, no recovery by the deadline (checked by `tick`,
 * on the same clock as escalation) runs the rollback and escalates the incident.
 */
export class AutomationEngine implements IncidentObserver {
  readonly #core: EngineCore;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #ids;

  constructor(deps: AutomationDeps) {
    const pending = this.#pending;
    this.#core = {
      deps,
      rules: new Map(deps.rules.map((rule) => [rule.name, rule])),
      queue: new SerialQueue(),
      running: 0,
      track(work) {
        const tracked = work.catch((error: unknown) =>
          deps.logger?.error(
            { err: error },
            'automation step failed; it is retried on the next trigger or tick',
          ),
        );
        pending.add(tracked);
        void tracked.finally(() => pending.delete(tracked));
      },
    };
    this.#ids = changeIds(this.#core);
  }

  /** Takes note of committed incidents; the work runs later, in the engine's own queue. */
  incidentsCommitted(changes: readonly CommittedIncident[]): void {
    for (const { incident, entries } of changes) {
      if (incident.firingFingerprints.length === 0) {
        this.#core.track(this.#core.queue.run(() => this.#credit(incident.id)));
      } else if (isOpenStatus(incident.status) && entries.some((e) => TRIGGERS.has(e.action))) {
        this.#core.track(this.#core.queue.run(() => this.#trigger(incident.id)));
      }
    }
  }

  /** Verification deadlines: changes whose signal did not recover in time fail (rollback, escalation). */
  tick(): Promise<void> {
    return this.#core.queue.run(async () => {
      const { store, clock } = this.#core.deps;
      for (const change of await store.changesDueForVerification(clock.now(), VERIFY_BATCH)) {
        const incident = await store.getIncident(change.incidentId);
        if (incident && incident.firingFingerprints.length === 0) {
          await succeed(this.#core, change);
          continue;
        }
        const now = clock.now();
        const seconds = Math.round((now - change.updatedAt) / 1000);
        await fail(
          this.#core,
          {
            ...change,
            verification: {
              deadline: change.verification?.deadline ?? now,
              result: 'not_recovered',
              at: now,
              detail: `alerts still firing ${seconds} s after the action`,
            },
          },
          `the monitoring signal did not recover within ${seconds} s`,
        );
      }
    });
  }

  /**
   * Settles changes a previous process left `running` (it stopped while their action or rollback
   * ran, so nobody knows the outcome): each fails as interrupted and its incident escalates, so a
   * person looks. Call once at startup, before events flow. Returns how many were settled.
   */
  recoverInterrupted(): Promise<number> {
    return this.#core.queue.run(async () => {
      const { store, clock } = this.#core.deps;
      let settled = 0;
      for (const change of (await store.listChanges({ state: 'running', limit: 1000 })).items) {
        await finishFailed(this.#core, {
          ...change,
          state: 'failed',
          detail: 'interrupted: vigil stopped while the action ran; its outcome is unknown',
          updatedAt: clock.now(),
          finishedAt: clock.now(),
        });
        settled++;
      }
      return settled;
    });
  }

  /** An operator approves a change waiting for approval: it runs now. */
  approve(id: string, actor: string, noteText: string | null = null): Promise<ChangeRecord> {
    return this.#core.queue.run(async () => {
      const change = await this.#pendingChange(id, 'approved');
      const now = this.#core.deps.clock.now();
      const running = await save(this.#core, {
        ...change,
        state: 'running',
        approval: { decision: 'approved', by: actor, at: now, note: noteText },
        detail: `approved by ${actor}; running`,
        startedAt: now,
        updatedAt: now,
      });
      await note(this.#core, running, 'automation_started', `approved by ${actor}; the action is running`);
      launch(this.#core, running);
      return running;
    });
  }

  /** An operator rejects a change waiting for approval: it never runs. */
  reject(id: string, actor: string, noteText: string | null = null): Promise<ChangeRecord> {
    return this.#core.queue.run(async () => {
      const change = await this.#pendingChange(id, 'rejected');
      const now = this.#core.deps.clock.now();
      const rejected = await save(this.#core, {
        ...change,
        state: 'rejected',
        approval: { decision: 'rejected', by: actor, at: now, note: noteText },
        detail: `rejected by ${actor}${noteText ? `: ${noteText}` : ''}`,
        updatedAt: now,
        finishedAt: now,
      });
      this.#core.deps.metrics.runs.inc({ action: rejected.action, result: 'rejected' });
      await note(this.#core, rejected, 'automation_rejected', rejected.detail);
      return rejected;
    });
  }

  /** Resolves once no automation work is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async #pendingChange(id: string, action: string): Promise<ChangeRecord> {
    const change = await this.#core.deps.store.getChange(id);
    if (!change) throw new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'Change', id });
    if (change.state !== 'pending_approval')
      throw new VigilError('VIGIL_ERR_CHANGE_TRANSITION', { id, state: change.state, action });
    return change;
  }

  async #trigger(incidentId: string): Promise<void> {
    const facts = await loadFacts(this.#core.deps.store, incidentId);
    if (!facts || !isOpenStatus(facts.incident.status) || facts.incident.firingFingerprints.length === 0)
      return;
    for (const rule of matchingRules(this.#core.deps.rules, facts)) {
      await considerRule(this.#core, this.#ids, rule, facts);
    }
  }

  async #credit(incidentId: string): Promise<void> {
    const { store } = this.#core.deps;
    const incident = await store.getIncident(incidentId);
    if (!incident || incident.firingFingerprints.length > 0) return;
    for (const change of await store.changesOfIncident(incidentId, ['verifying'])) {
      await succeed(this.#core, change);
    }
  }
}
