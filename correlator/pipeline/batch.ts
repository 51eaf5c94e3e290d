import type { NativeEvent, NormalisedEvent } from '../model/event.js';
import type { AlertRecord, IncidentRecord, ProblemRecord, TimelineEntry } from '../model/records.js';
import type { ActivityRefresh, BatchState } from '../store/contract.js';
import type { DedupDecision, DedupResult } from './dedup.js';

/** What ingest answers for one event (DESIGN.md: "202 with per-event ids"). */
export interface EventReceipt {
  id: string;
  fingerprint: string;
  /** `accepted`, or `duplicate` when its client id was already stored (an idempotent retry). */
  status: 'accepted' | 'duplicate';
  /** What dedup decided; `queued` when `vigil server` appended the event to the ingest stream. */
  decision: DedupDecision | 'duplicate_id' | 'queued';
  incidentId: string | null;
}

/** The working set one batch carries through the stages. */
export interface Batch {
  now: number;
  input: NativeEvent[];
  events: NormalisedEvent[];
  receipts: EventReceipt[];
  state: BatchState;
  /** Alerts and incidents as changed by this batch, keyed by fingerprint / id. */
  alerts: Map<string, AlertRecord>;
  incidents: Map<string, IncidentRecord>;
  timeline: Array<{ incidentId: string; entry: TimelineEntry }>;
  /** Incidents created in this batch (for metrics). */
  created: IncidentRecord[];
  /** Incidents opened or reopened in this batch with the alert that did it, in order (for problems). */
  recurred: Array<{ incidentId: string; fingerprint: string }>;
  /** Problems created or changed by this batch, by id. */
  problems: Map<string, ProblemRecord>;
  /** Problems opened by this batch, and incidents that matched a known error's workaround (for metrics). */
  problemsOpened: number;
  knownErrorMatches: number;
  /** Events that are idempotent retries, by index into `events`. */
  duplicates: Set<number>;
  /** Dedup outcome of each applied event, in arrival order (index into `events`). */
  outcomes: Array<{ index: number; result: DedupResult }>;
  /** Suppressed alerts re-evaluated by timer work without an event (their suppression may have ended). */
  recheck: string[];
  /** Alerts this batch newly suppressed, with the mechanism (for metrics). */
  suppressed: Array<{ fingerprint: string; kind: string }>;
  /** Suppressed alerts that are symptoms of a down parent, with the parent's alert (topology). */
  symptoms: Array<{ fingerprint: string; parent: string }>;
  /** Resolves once the committed batch is on disk (set by the commit stage). */
  durable: Promise<void>;
  /**
   * Events the refresh path took out before the stages (pipeline/refresh-path.ts), with their
   * alerts' new activity, their receipts by input index, and the input index of each event left to
   * the stages; the commit stage writes them with the rest. Null when none were taken.
   */
  refreshed: {
    events: NormalisedEvent[];
    activity: Map<string, ActivityRefresh>;
    receipts: Array<[number, EventReceipt]>;
    restIndex: number[];
    total: number;
  } | null;
}

/** One step of the correlation pipeline (modelled on Alertmanager's `Stage`). */
export interface Stage {
  readonly name: string;
  run(batch: Batch): Promise<void>;
}

/** Makes an empty batch for `input` received at `now`. */
export function newBatch(input: NativeEvent[], now: number): Batch {
  return {
    now,
    input,
    events: [],
    receipts: [],
    state: { alerts: new Map(), incidents: new Map(), knownEventIds: new Set() },
    alerts: new Map(),
    incidents: new Map(),
    timeline: [],
    created: [],
    recurred: [],
    problems: new Map(),
    problemsOpened: 0,
    knownErrorMatches: 0,
    duplicates: new Set(),
    outcomes: [],
    recheck: [],
    suppressed: [],
    symptoms: [],
    durable: Promise.resolve(),
    refreshed: null,
  };
}
