import type { MetricSample } from '../sample.js';
import { asArray, asRecord, finiteNumber } from './read-value.js';
import { SampleBuffer } from './sample-buffer.js';

/** Plausible sensor readings; systeminformation reports -1, 0 or null when there is no sensor. */
function celsius(value: unknown): number | undefined {
  const n = finiteNumber(value);
  return n !== undefined && n > 0 && n < 150 ? n : undefined;
}

/**
 * `si.cpuTemperature()` -> `temperature.celsius{sensor=main|max|coreN}`, only for sensors the
 * hardware really reports. VMs report nulls and get no samples at all, so a temperature rule
 * can never fire on a missing sensor.
 */
export function mapTemperature(temperature: unknown, maxSensors: number): MetricSample[] {
  const out = new SampleBuffer();
  const t = asRecord(temperature);
  if (!t) return out.samples;
  out.add('temperature.celsius', celsius(t['main']), { sensor: 'main' });
  out.add('temperature.celsius', celsius(t['max']), { sensor: 'max' });
  asArray(t['cores'])
    .slice(0, Math.max(0, maxSensors - 2))
    .forEach((value, index) => {
      out.add('temperature.celsius', celsius(value), { sensor: `core${index}` });
    });
  return out.samples;
}

/** Whether a `si.cpuTemperature()` result holds any real reading (false on VMs). */
export function hasTemperatureSensors(temperature: unknown): boolean {
  return mapTemperature(temperature, 1024).length > 0;
}
