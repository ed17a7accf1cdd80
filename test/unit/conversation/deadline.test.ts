import { describe, expect, it } from 'vitest';
import {
  attemptTimeoutMs,
  deadlineFrom,
  remainingMs,
  reserve,
} from '#shared/conversation/deadline.ts';

describe('deadlines', () => {
  it('takes the channel budget when the Lambda has more time', () => {
    expect(deadlineFrom({ nowMs: 1000, budgetMs: 3000, remainingTimeMs: 30_000 })).toEqual({
      at: 4000,
    });
  });

  it('keeps a platform margin when the Lambda has less time than the budget', () => {
    expect(deadlineFrom({ nowMs: 1000, budgetMs: 3000, remainingTimeMs: 2000 })).toEqual({
      at: 2500,
    });
    expect(
      deadlineFrom({ nowMs: 1000, budgetMs: 3000, remainingTimeMs: 2000, platformMarginMs: 100 }),
    ).toEqual({ at: 2900 });
  });

  it('uses the budget alone outside Lambda', () => {
    expect(deadlineFrom({ nowMs: 5, budgetMs: 10 })).toEqual({ at: 15 });
  });

  it('never reports negative remaining time', () => {
    expect(remainingMs({ at: 100 }, 40)).toBe(60);
    expect(remainingMs({ at: 100 }, 140)).toBe(0);
  });

  it('limits an attempt to its own timeout, the deadline and the reserve', () => {
    expect(attemptTimeoutMs({ at: 10_000 }, 0, 1500)).toBe(1500);
    expect(attemptTimeoutMs({ at: 1000 }, 0, 1500)).toBe(1000);
    expect(attemptTimeoutMs({ at: 1000 }, 0, 1500, 150)).toBe(850);
    expect(attemptTimeoutMs({ at: 1000 }, 2000, 1500)).toBe(0);
  });

  it('reserves time at the end', () => {
    expect(reserve({ at: 1000 }, 150)).toEqual({ at: 850 });
  });
});
