import type { MetricSample } from '../sample.js';

/** Label values are cut to this length so one odd mount path cannot bloat every event. */
export const MAX_LABEL_VALUE_LENGTH = 256;

/**
 * Collects metric samples and silently drops values that are not finite numbers. Mappers add
 * whatever they read; this is the single place that guarantees no NaN ever leaves the probe.
 */
export class SampleBuffer {
  readonly #samples: MetricSample[] = [];

  /** Adds a sample when `value` is a finite number; ignores it otherwise. */
  add(name: string, value: number | undefined | null, labels: Record<string, string> = {}): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    const bounded: Record<string, string> = {};
    for (const [key, labelValue] of Object.entries(labels)) {
      bounded[key] = labelValue.slice(0, MAX_LABEL_VALUE_LENGTH);
    }
    this.#samples.push({ name, labels: bounded, value });
  }

  /** The samples added so far. */
  get samples(): MetricSample[] {
    return this.#samples;
  }
}
