/**
 * ARM CPU implementers and part numbers, as `lscpu` names them (util-linux
 * `sys-utils/lscpu-arm.c`). ARM kernels print only these hex codes in /proc/cpuinfo, so without
 * this table a host without `lscpu` would have no CPU model. Common server, SBC and phone cores.
 */
const IMPLEMENTERS: Record<string, { vendor: string; parts: Record<string, string> }> = {
  '0x41': {
    vendor: 'ARM',
    parts: {
      '0xb36': 'ARM1136',
      '0xb76': 'ARM1176',
      '0xc07': 'Cortex-A7',
      '0xc08': 'Cortex-A8',
      '0xc09': 'Cortex-A9',
      '0xc0f': 'Cortex-A15',
      '0xd03': 'Cortex-A53',
      '0xd04': 'Cortex-A35',
      '0xd05': 'Cortex-A55',
      '0xd07': 'Cortex-A57',
      '0xd08': 'Cortex-A72',
      '0xd09': 'Cortex-A73',
      '0xd0a': 'Cortex-A75',
      '0xd0b': 'Cortex-A76',
      '0xd0c': 'Neoverse-N1',
      '0xd0d': 'Cortex-A77',
      '0xd40': 'Neoverse-V1',
      '0xd41': 'Cortex-A78',
      '0xd44': 'Cortex-X1',
      '0xd46': 'Cortex-A510',
      '0xd47': 'Cortex-A710',
      '0xd48': 'Cortex-X2',
      '0xd49': 'Neoverse-N2',
      '0xd4f': 'Neoverse-V2',
    },
  },
  '0x42': { vendor: 'Broadcom', parts: { '0x516': 'ThunderX2' } },
  '0x43': { vendor: 'Cavium', parts: { '0x0a1': 'ThunderX 88XX', '0x0af': 'ThunderX2 99xx' } },
  '0x48': { vendor: 'HiSilicon', parts: { '0xd01': 'Kunpeng-920' } },
  '0x4e': { vendor: 'NVIDIA', parts: { '0x004': 'Carmel' } },
  '0x50': { vendor: 'APM', parts: { '0x000': 'X-Gene' } },
  '0x51': { vendor: 'Qualcomm', parts: { '0x800': 'Falkor V1/Kryo', '0xc00': 'Falkor' } },
  '0x61': { vendor: 'Apple', parts: {} },
  '0xc0': { vendor: 'Ampere', parts: { '0xac3': 'Ampere-1', '0xac4': 'Ampere-1a' } },
};

/** The vendor and core name of an ARM CPU from its `CPU implementer` and `CPU part` codes. */
export function armCpu(
  implementer: string | undefined,
  part: string | undefined,
): { vendor?: string; model?: string } {
  const key = implementer?.toLowerCase();
  const entry = key && Object.hasOwn(IMPLEMENTERS, key) ? IMPLEMENTERS[key] : undefined;
  if (!entry) return {};
  const partKey = part?.toLowerCase();
  const model = partKey && Object.hasOwn(entry.parts, partKey) ? entry.parts[partKey] : undefined;
  return { vendor: entry.vendor, ...(model ? { model } : {}) };
}
