import type { ProbeSnapshot } from '../collector/sample.js';
import type { NativeEvent } from '../correlator/model/event.js';
import { fingerprint } from '../correlator/model/fingerprint.js';
import { severityRank } from '../correlator/model/severity.js';
import { matchesAll } from './matchers.js';
import type { ThresholdRule } from './rule-types.js';
import { type PhaseState, stepPhase } from './threshold-state.js';

/** Options of the evaluator. */
export interface ThresholdEvaluatorOptions {
  /** The probe interval, ms (default 15 s); sets the default staleness. */
  intervalMs?: number;
  /**
   * How long a series may be missing from snapshots before its state is dropped; a firing
   * series is then resolved (default 3 x interval). Without this, a filesystem unmounted while
   * full would stay firing forever.
   */
  stalenessMs?: number;
  /** Event source when the snapshot names none (default `host`). */
  source?: string;
}

interface Series extends PhaseState {
  readonly rule: ThresholdRule;
  /** The alert this series feeds: rules sharing a check on the same series are one alert. */
  readonly identity: string;
  readonly source: string;
  readonly resource: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly lastSeen: number;
  readonly lastValue: number;
}

/**
 * Evaluates threshold rules against probe snapshots, one state machine per (rule, resource,
 * series labels), and returns native events on transitions only: `firing` when a series starts
 * firing, `resolved` (same severity and labels, so it matches the firing alert) when it
 * recovers or goes stale. Clock-driven through `now`; never reads the time itself.
 *
 * Rules that share a `check` (and so an alert) act as severity levels of one alert: the alert
 * fires at the highest severity among its firing rules, an event is emitted when that severity
 * changes, and it resolves only when none of them fires. A disk at 96 % is one incident that was
 * raised from warning to major, not two incidents.
 */
export class ThresholdEvaluator {
  readonly #rulesByMetric = new Map<string, ThresholdRule[]>();
  readonly #series = new Map<string, Series>();
  /** Per alert identity: its series keys, and the series whose firing event was last emitted. */
  readonly #members = new Map<string, Set<string>>();
  readonly #emitted = new Map<string, Series>();
  readonly #stalenessMs: number;
  readonly #source: string;

  constructor(
    rules: readonly ThresholdRule[],
    { intervalMs = 15_000, stalenessMs, source = 'host' }: ThresholdEvaluatorOptions = {},
  ) {
    for (const rule of rules) {
      const list = this.#rulesByMetric.get(rule.metric) ?? [];
      list.push(rule);
      this.#rulesByMetric.set(rule.metric, list);
    }
    this.#stalenessMs = stalenessMs ?? 3 * intervalMs;
    this.#source = source;
  }

  /** Number of series currently pending, firing or recovering. */
  get activeSeries(): number {
    return this.#series.size;
  }

  /** Evaluates one snapshot at `now` (default: the snapshot time); returns the events to emit. */
  evaluate(snapshot: ProbeSnapshot & { source?: string }, now: number = snapshot.time): NativeEvent[] {
    const source = snapshot.source ?? this.#source;
    const seen = new Set<string>();
    const touched = new Map<string, Series>();
    for (const sample of snapshot.samples) {
      if (!Number.isFinite(sample.value)) continue;
      for (const rule of this.#rulesByMetric.get(sample.name) ?? []) {
        if (!matchesAll(rule.matchers, sample.labels)) continue;
        const key = seriesKey(rule, source, snapshot.resource, sample.labels);
        seen.add(key);
        const previous = this.#series.get(key) ?? { phase: 'inactive' as const, since: now };
        const step = stepPhase(previous, sample.value, now, rule);
        const series: Series = {
          ...step.state,
          rule,
          identity: identityKey(rule, source, snapshot.resource, sample.labels),
          source,
          resource: snapshot.resource,
          labels: sample.labels,
          lastSeen: now,
          lastValue: sample.value,
        };
        if (step.state.phase === 'inactive') this.#forget(key, series.identity);
        else this.#remember(key, series);
        touched.set(series.identity, series);
      }
    }
    const stale = new Set<string>();
    for (const [key, series] of this.#series) {
      if (seen.has(key) || now - series.lastSeen < this.#stalenessMs) continue;
      this.#forget(key, series.identity);
      stale.add(series.identity);
      if (!touched.has(series.identity)) touched.set(series.identity, series);
    }
    const events: NativeEvent[] = [];
    for (const [identity, latest] of touched) {
      const event = this.#decide(identity, latest, now, stale.has(identity));
      if (event) events.push(event);
    }
    return events;
  }

  /** The event (if any) an alert identity needs after this round: a new severity, or resolution. */
  #decide(identity: string, latest: Series, now: number, stale: boolean): NativeEvent | null {
    let top: Series | undefined;
    for (const key of this.#members.get(identity) ?? []) {
      const series = this.#series.get(key)!;
      if (series.phase !== 'firing' && series.phase !== 'recovering') continue;
      if (!top || severityRank(series.rule.severity) > severityRank(top.rule.severity)) top = series;
    }
    const emitted = this.#emitted.get(identity);
    if (top) {
      if (emitted?.rule.severity === top.rule.severity) return null;
      this.#emitted.set(identity, top);
      return toEvent(top, 'firing', now);
    }
    if (!emitted) return null;
    this.#emitted.delete(identity);
    const last = latest.rule === emitted.rule ? latest : { ...emitted, lastValue: latest.lastValue };
    return toEvent(last, 'resolved', now, stale ? ' (no longer reported)' : '');
  }

  #remember(key: string, series: Series): void {
    this.#series.set(key, series);
    const members = this.#members.get(series.identity) ?? new Set<string>();
    members.add(key);
    this.#members.set(series.identity, members);
  }

  #forget(key: string, identity: string): void {
    this.#series.delete(key);
    const members = this.#members.get(identity);
    members?.delete(key);
    if (members?.size === 0) this.#members.delete(identity);
  }
}

function toEvent(series: Series, status: 'firing' | 'resolved', now: number, suffix = ''): NativeEvent {
  const { rule } = series;
  const labels = { ...series.labels, ...rule.labels, category: rule.category };
  const summary = rule.summary.render({
    value: series.lastValue,
    threshold: rule.threshold,
    recover: rule.recover,
    metric: rule.metric,
    rule: rule.name,
    check: rule.check,
    resource: series.resource,
    severity: rule.severity,
    category: rule.category,
    labels,
  });
  return {
    source: series.source,
    resource: series.resource,
    check: rule.check,
    severity: rule.severity,
    status,
    summary: summary + suffix,
    labels,
    time: new Date(now).toISOString(),
  };
}

function identityKey(
  rule: ThresholdRule,
  source: string,
  resource: string,
  labels: Record<string, string>,
): string {
  const merged = { ...labels, ...rule.labels, category: rule.category };
  return fingerprint({ source, resource, check: rule.check, labels: merged });
}

function seriesKey(
  rule: ThresholdRule,
  source: string,
  resource: string,
  labels: Record<string, string>,
): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
  return JSON.stringify([rule.name, source, resource, sorted]);
}
