import { describe, expect, it } from 'vitest';
import { CallRunner, type ProbeCallError } from './call-runner.js';

describe('CallRunner', () => {
  it('returns the result of a successful call and records nothing', async () => {
    const errors: ProbeCallError[] = [];
    expect(await new CallRunner(100).run('mem', async () => 42, errors)).toBe(42);
    expect(errors).toEqual([]);
  });

  it('records a rejected or throwing call and returns undefined', async () => {
    const errors: ProbeCallError[] = [];
    const runner = new CallRunner(100);
    expect(
      await runner.run('fsSize', async () => Promise.reject(new Error('lsblk failed')), errors),
    ).toBeUndefined();
    expect(
      await runner.run(
        'time',
        () => {
          throw new Error('boom');
        },
        errors,
      ),
    ).toBeUndefined();
    expect(errors).toEqual([
      { call: 'fsSize', error: 'lsblk failed' },
      { call: 'time', error: 'boom' },
    ]);
  });

  it('times out a hanging call and does not start it again while it hangs', async () => {
    const errors: ProbeCallError[] = [];
    const runner = new CallRunner(20);
    let started = 0;
    const hang = () => {
      started++;
      return new Promise<never>(() => undefined);
    };
    expect(await runner.run('processLoad', hang, errors)).toBeUndefined();
    expect(await runner.run('processLoad', hang, errors)).toBeUndefined();
    expect(started).toBe(1);
    expect(errors).toEqual([
      { call: 'processLoad', error: 'timed out after 20 ms' },
      { call: 'processLoad', error: 'still running since an earlier cycle; skipped' },
    ]);
  });

  it('runs a call again once its earlier, timed-out run has settled', async () => {
    const errors: ProbeCallError[] = [];
    const runner = new CallRunner(10);
    let release: (value: number) => void = () => undefined;
    const slow = new Promise<number>((resolve) => {
      release = resolve;
    });
    expect(await runner.run('cpu', () => slow, errors)).toBeUndefined();
    release(1);
    await slow;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await runner.run('cpu', async () => 2, errors)).toBe(2);
  });
});
