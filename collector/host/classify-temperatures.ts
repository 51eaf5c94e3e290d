import { parseDecimal } from './parse-number.js';

/** One `temp<N>_input` of a hwmon chip (/sys/class/hwmon/hwmon<N>/). */
export interface HwmonReading {
  /** The chip's `name` file: `coretemp`, `k10temp`, `nvme`, `acpitz`... */
  chip: string;
  /** The matching `temp<N>_label` (`Package id 0`, `Core 3`, `Tctl`), when the driver has one. */
  label?: string;
  celsius: number;
}

/** One thermal zone (/sys/class/thermal/thermal_zone<N>/). */
export interface ThermalZoneReading {
  /** The zone's `type` file: `x86_pkg_temp`, `acpitz`, `cpu-thermal`, `pch_cannonlake`... */
  type: string;
  celsius: number;
}

/** The `si.cpuTemperature()` shape the temperature mapper reads. */
export interface CpuTemperature {
  main: number | null;
  cores: number[];
  max: number | null;
  socket: number[];
  chipset: number | null;
}

/** A sysfs temperature (millidegrees Celsius, `45000`) in °C rounded to 0.1, or `undefined`. */
export function parseMillidegrees(text: string): number | undefined {
  const milli = parseDecimal(text.trim());
  return milli === undefined ? undefined : Math.round(milli / 100) / 10;
}

/**
 * Picks the CPU temperatures out of hwmon and thermal-zone readings the way systeminformation
 * does on Linux: `cores` are the `Core N` sensors (Intel coretemp); `main` is the package sensor
 * (`Package id 0`, `Physical id 0`, AMD `Tdie`, else `Tctl`, else `Tccd1`), else the mean of the
 * cores, else a CPU thermal zone (`x86_pkg_temp`, `cpu-thermal` on ARM boards); `max` is the
 * hottest of main and cores. `socket` (ACPI zones) and `chipset` (PCH zone) are extras the
 * mapper ignores. A host without sensors gets nulls and no cores.
 */
export function classifyTemperatures(
  hwmon: readonly HwmonReading[],
  zones: readonly ThermalZoneReading[],
): CpuTemperature {
  const labelled = (test: (label: string) => boolean) =>
    hwmon.find((r) => r.label !== undefined && test(r.label.toLowerCase()))?.celsius;
  const cores = hwmon.filter((r) => r.label?.toLowerCase().startsWith('core')).map((r) => r.celsius);
  const coreMean =
    cores.length > 0 ? Math.round((cores.reduce((a, b) => a + b, 0) / cores.length) * 10) / 10 : undefined;
  const cpuZone = zones.find((z) => /cpu|x86_pkg_temp|soc/i.test(z.type))?.celsius;
  const main =
    labelled((l) => l.includes('package') || l.includes('physical') || l === 'tdie') ??
    labelled((l) => l === 'tctl') ??
    labelled((l) => l === 'tccd1') ??
    coreMean ??
    cpuZone ??
    null;
  return {
    main,
    cores,
    max: main === null ? null : Math.max(main, ...cores),
    socket: zones.filter((z) => z.type.toLowerCase().startsWith('acpi')).map((z) => z.celsius),
    chipset: zones.find((z) => z.type.toLowerCase().startsWith('pch'))?.celsius ?? null,
  };
}
