import type { ProbeSnapshot } from '../collector/sample.js';
import type { NativeEvent } from '../correlator/model/event.js';
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
 */
export class ThresholdEvaluator {
  readonly #rulesByMetric = new Map<string, ThresholdRule[]>();
  readonly #series = new Map<string, Series>();
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
    const events: NativeEvent[] = [];
    const seen = new Set<string>();
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
          source,
          resource: snapshot.resource,
          labels: sample.labels,
          lastSeen: now,
          lastValue: sample.value,
        };
        if (step.state.phase === 'inactive') this.#series.delete(key);
        else this.#series.set(key, series);
        if (step.emit) events.push(toEvent(series, step.emit, now));
      }
    }
    for (const [key, series] of this.#series) {
      if (seen.has(key) || now - series.lastSeen < this.#stalenessMs) continue;
      this.#series.delete(key);
      if (series.phase === 'firing' || series.phase === 'recovering') {
        events.push(toEvent(series, 'resolved', now, ' (no longer reported)'));
      }
    }
    return events;
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
