import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  it('never lets more than the limit hold at once and serves waiters in order', async () => {
    const semaphore = new Semaphore(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        semaphore.with(async () => {
          active++;
          peak = Math.max(peak, active);
          await Promise.resolve();
          order.push(i);
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(semaphore.held).toBe(0);
  });

  it('ignores a second release and releases on a throwing task', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    release();
    release();
    expect(semaphore.held).toBe(0);
    await expect(semaphore.with(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(semaphore.held).toBe(0);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
