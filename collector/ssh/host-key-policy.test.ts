import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { HostKeyPolicy } from './host-key-policy.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-hkp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.alloc(36, 7)]);

describe('HostKeyPolicy', () => {
  it('treats a missing file as empty: every host unknown, refused with the fingerprint', async () => {
    const check = await new HostKeyPolicy({ knownHostsPath: join(dir, 'missing') }).check('10.0.0.1', 22);
    expect(check.verify(blob)).toBe(false);
    expect(check.refusal()?.code).toBe('VIGIL_ERR_SSH_HOST_KEY_UNKNOWN');
    expect(check.refusal()?.message).toMatch(/^SSH host 10\.0\.0\.1 offered ssh-ed25519 key SHA256:/);
    expect(check.accepted()).toBeUndefined();
  });

  it('names an unreadable file (a directory) as VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE', async () => {
    const error = await new HostKeyPolicy({ knownHostsPath: dir }).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VigilError);
    expect((error as VigilError).code).toBe('VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE');
  });

  it('re-reads the file when it changes', async () => {
    const path = join(dir, 'known_hosts');
    writeFileSync(path, '');
    const policy = new HostKeyPolicy({ knownHostsPath: path });
    expect((await policy.check('h', 22)).verify(blob)).toBe(false);
    writeFileSync(path, `h ssh-ed25519 ${blob.toString('base64')}\n`);
    const check = await policy.check('h', 22);
    expect(check.verify(blob)).toBe(true);
    expect(check.accepted()?.trust).toBe('known_hosts');
    expect(check.serverHostKey).toEqual(['ssh-ed25519']);
  });
});
