import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adminApi,
  adminToken,
  freePort,
  startVigilRun,
  type VigilProcess,
} from '../support/vigil-process.js';

/** Events per batch; each batch is one resource with this many checks (distinct alerts). */
const BATCH = 100;
const WORKERS = 4;

/**
 * Issue 7's embedded-mode fault test: `vigil run` is SIGKILLed while several clients post batches
 * concurrently (commits are synced off the event loop, so batches are in every stage: correlated,
 * committed but not yet synced, synced but not yet answered). After a restart every batch that got
 * its 202 is there in full; unacknowledged ones may or may not be. Each batch also repeats its
 * worker's heartbeat alert, whose repeats take the refresh path and the write-behind activity
 * journal: its count after the restart is every acknowledged batch of the worker (plus at most the
 * one that was in flight), so no acknowledged repeat was lost with the unfolded journal.
 */
describe('vigil run killed under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kill-load-'));
  let vigil: VigilProcess | null = null;
  afterAll(async () => {
    if (vigil && vigil.child.exitCode === null) await vigil.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged batch after SIGKILL mid-load', async () => {
    const port = await freePort();
    vigil = await startVigilRun(dir, port);
    const token = adminToken(dir);
    const acked: string[] = [];
    const beats = Array.from({ length: WORKERS }, () => 0);
    let stop = false;
    const worker = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const resource = `load-w${w}-b${n}`;
        const events = Array.from({ length: BATCH }, (_, i) => ({
          source: 'load',
          resource,
          check: `check.${i}`,
          severity: 'major',
          status: 'firing',
          summary: `load event ${i}`,
        }));
        events.push({
          source: 'load',
          resource: `beat-w${w}`,
          check: 'heartbeat',
          severity: 'major',
          status: 'firing',
          summary: 'worker alive',
        });
        try {
          const res = await fetch(`${vigil!.base}/api/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ events }),
          });
          await res.arrayBuffer();
          if (res.status === 202) {
            acked.push(resource);
            beats[w]!++;
          }
        } catch {
          return; // the process died under this request: not acknowledged
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    // Kill once a fair number of batches went through, with requests still in flight.
    const deadline = Date.now() + 30_000;
    while (acked.length < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await vigil.kill('SIGKILL')).toBeNull();
    stop = true;
    await Promise.all(workers);
    expect(acked.length).toBeGreaterThanOrEqual(40);

    vigil = await startVigilRun(dir, port);
    const api = adminApi(port, dir);
    const missing: string[] = [];
    for (const resource of acked) {
      const { body } = await api(`/api/v1/alerts?resource=${resource}&limit=${BATCH + 1}`);
      if (body.items.length !== BATCH) missing.push(`${resource}: ${body.items.length}/${BATCH}`);
    }
    expect(missing).toEqual([]);
    for (let w = 0; w < WORKERS; w++) {
      const { body } = await api(`/api/v1/alerts?resource=beat-w${w}`);
      // A worker whose first batch was never answered may have no heartbeat alert at all.
      const count = body.items[0]?.count ?? 0;
      expect(count).toBeGreaterThanOrEqual(beats[w]!);
      expect(count).toBeLessThanOrEqual(beats[w]! + 1);
    }
    expect(beats.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(40);
  }, 120_000);
});
