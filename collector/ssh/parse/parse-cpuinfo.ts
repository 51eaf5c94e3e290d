import { armCpu } from './arm-cpu-parts.js';

/** What /proc/cpuinfo says about the CPUs. */
export interface CpuInfo {
  /** Logical CPUs (`processor` entries). */
  logical: number;
  /** Distinct (physical id, core id) pairs; equals `logical` where the kernel does not say. */
  physicalCores: number;
  vendor?: string;
  model?: string;
  flags: string;
}

const VENDORS: Record<string, string> = {
  GenuineIntel: 'Intel',
  AuthenticAMD: 'AMD',
  HygonGenuine: 'Hygon',
  CentaurHauls: 'Centaur',
};
const MAX_CPUS = 16_384;

/**
 * Parses /proc/cpuinfo, vigil's only CPU source (BusyBox and minimal images have no `lscpu`):
 * x86 (`model name`, `vendor_id`, `physical id`/`core id`, `flags`), ARM (`CPU implementer` and
 * `CPU part` named as `lscpu` names them, `Hardware`, `Features`), MIPS (`cpu model`) and POWER
 * (`cpu`). Returns `undefined` when there is not a single `processor` entry (empty, truncated or
 * junk input).
 */
export function parseCpuinfo(text: string): CpuInfo | undefined {
  let logical = 0;
  const cores = new Set<string>();
  const first = new Map<string, string>();
  let physical = '';
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor' && /^\d+$/.test(value)) {
      if (logical < MAX_CPUS) logical++;
      physical = '';
      continue;
    }
    if (key === 'physical id') physical = value;
    else if (key === 'core id') cores.add(`${physical}/${value}`);
    if (!first.has(key) && value.length <= 4096) first.set(key, value);
  }
  if (logical === 0) return undefined;
  const vendorId = first.get('vendor_id');
  const arm = armCpu(first.get('cpu implementer'), first.get('cpu part'));
  const vendor = vendorId ? (Object.hasOwn(VENDORS, vendorId) ? VENDORS[vendorId] : vendorId) : arm.vendor;
  const modelName = first.get('model name');
  // 32-bit ARM kernels print a generic "ARMv7 Processor rev 5 (v7l)"; the part names the core.
  const rawModel =
    (modelName && !(arm.model && /^ARMv\d/i.test(modelName)) ? modelName : undefined) ??
    first.get('cpu model') ??
    arm.model ??
    modelName ??
    first.get('hardware') ??
    first.get('cpu') ??
    first.get('model');
  const model = rawModel && !/^\d+$/.test(rawModel) ? rawModel.replace(/\s+/g, ' ') : undefined;
  return {
    logical,
    physicalCores: cores.size > 0 ? cores.size : logical,
    ...(vendor ? { vendor } : {}),
    ...(model ? { model } : {}),
    flags: first.get('flags') ?? first.get('features') ?? '',
  };
}
