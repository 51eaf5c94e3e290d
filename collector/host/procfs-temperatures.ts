import {
  type CpuTemperature,
  classifyTemperatures,
  type HwmonReading,
  parseMillidegrees,
  type ThermalZoneReading,
} from './classify-temperatures.js';
import type { ProcfsReader } from './procfs-reader.js';

interface HwmonSensor {
  chip: string;
  label?: string;
  input: string;
}

interface Sensors {
  hwmon: HwmonSensor[];
  /** Thermal zone directories with their type. */
  zones: { type: string; temp: string }[];
}

/**
 * CPU temperatures from /sys/class/hwmon/hwmon*\/temp*_input and
 * /sys/class/thermal/thermal_zone*\/temp. Which sensors exist (chip names, labels, paths) is
 * discovered once and kept, so a cycle reads only the value files; a sensor that disappears
 * (driver unloaded) triggers a new discovery on the next call. Without sensors (VMs) every
 * field is null.
 */
export class ProcfsTemperatures {
  readonly #reader: ProcfsReader;
  #sensors: Sensors | undefined;

  constructor(reader: ProcfsReader) {
    this.#reader = reader;
  }

  async read(): Promise<CpuTemperature> {
    const sensors = this.#sensors ?? (await this.#discover());
    let complete = true;
    const value = async (path: string) => {
      const text = await this.#reader.optionalText(path);
      if (text === undefined) complete = false;
      return text === undefined ? undefined : parseMillidegrees(text);
    };
    const hwmon: HwmonReading[] = [];
    const zones: ThermalZoneReading[] = [];
    await Promise.all([
      ...sensors.hwmon.map(async ({ chip, label, input }, i) => {
        const celsius = await value(input);
        if (celsius !== undefined) hwmon[i] = { chip, ...(label ? { label } : {}), celsius };
      }),
      ...sensors.zones.map(async ({ type, temp }, i) => {
        const celsius = await value(temp);
        if (celsius !== undefined) zones[i] = { type, celsius };
      }),
    ]);
    this.#sensors = complete && (sensors.hwmon.length > 0 || sensors.zones.length > 0) ? sensors : undefined;
    return classifyTemperatures(hwmon.filter(Boolean), zones.filter(Boolean));
  }

  async #discover(): Promise<Sensors> {
    const [chips, zoneDirs] = await Promise.all([
      this.#reader.list('sys/class/hwmon'),
      this.#reader.list('sys/class/thermal'),
    ]);
    const hwmon = await Promise.all(
      byIndex(chips ?? [], 'hwmon').map((chip) => this.#chipSensors(`sys/class/hwmon/${chip}`)),
    );
    const zones = await Promise.all(
      byIndex(zoneDirs ?? [], 'thermal_zone').map(async (zone) => {
        const type = (await this.#reader.optionalText(`sys/class/thermal/${zone}/type`))?.trim();
        return type ? [{ type, temp: `sys/class/thermal/${zone}/temp` }] : [];
      }),
    );
    return { hwmon: hwmon.flat(), zones: zones.flat() };
  }

  /** The temp inputs of one chip; drivers of old kernels keep them in `device/`. */
  async #chipSensors(dir: string): Promise<HwmonSensor[]> {
    for (const base of [dir, `${dir}/device`]) {
      const files = await this.#reader.list(base);
      const inputs = byIndex(
        (files ?? []).filter((f) => /^temp\d+_input$/.test(f)).map((f) => f.slice(0, -'_input'.length)),
        'temp',
      );
      if (inputs.length === 0) continue;
      const chip = (await this.#reader.optionalText(`${base}/name`))?.trim() ?? 'unknown';
      return Promise.all(
        inputs.map(async (temp) => {
          const label = files?.includes(`${temp}_label`)
            ? (await this.#reader.optionalText(`${base}/${temp}_label`))?.trim()
            : undefined;
          return { chip, ...(label ? { label } : {}), input: `${base}/${temp}_input` };
        }),
      );
    }
    return [];
  }
}

/** Names `<prefix><N>` sorted by N (`hwmon10` after `hwmon2`); other names are dropped. */
function byIndex(names: readonly string[], prefix: string): string[] {
  const index = (name: string) => Number(name.slice(prefix.length));
  return names.filter((n) => new RegExp(`^${prefix}\\d+$`).test(n)).sort((a, b) => index(a) - index(b));
}
