import { describe, expect, it } from 'vitest';
import { partnerTimeoutScale, withScaledTimeouts } from '#shared/connectors/timeout-scale.ts';
import { partnerRegistry } from '#shared/partners/index.ts';

describe('PARTNER_TIMEOUT_SCALE', () => {
  it('is 1 when unset or empty', () => {
    expect(partnerTimeoutScale({})).toBe(1);
    expect(partnerTimeoutScale({ PARTNER_TIMEOUT_SCALE: '' })).toBe(1);
  });

  it('reads a factor of at least 1', () => {
    expect(partnerTimeoutScale({ PARTNER_TIMEOUT_SCALE: '2.5' })).toBe(2.5);
  });

  it('refuses a value that would shorten or break timeouts, naming the variable', () => {
    for (const bad of ['0.5', '0', '-2', 'three', 'Infinity']) {
      expect(() => partnerTimeoutScale({ PARTNER_TIMEOUT_SCALE: bad })).toThrow(
        /PARTNER_TIMEOUT_SCALE must be a number of at least 1/,
      );
    }
  });
});

describe('scaled registry', () => {
  it('multiplies turn and job timeouts and leaves everything else as declared', () => {
    const scaled = withScaledTimeouts(partnerRegistry, 3);
    const booking = partnerRegistry.calendar?.operations.createAppointment;
    const scaledBooking = scaled.calendar?.operations.createAppointment;
    expect(scaledBooking?.timeoutMs).toBe((booking?.timeoutMs ?? 0) * 3);
    expect(scaledBooking?.jobTimeoutMs).toBe((booking?.jobTimeoutMs ?? 0) * 3);
    expect(scaledBooking?.deferrable).toBe(booking?.deferrable);
    expect(scaled.calendar?.auth).toEqual(partnerRegistry.calendar?.auth);
    // An operation without its own job timeout keeps deriving it (4 × the scaled turn timeout).
    expect(scaled.shop?.operations.getOrder).not.toHaveProperty('jobTimeoutMs');
    expect(Object.keys(scaled)).toEqual(Object.keys(partnerRegistry));
  });

  it('returns the registry itself for a factor of 1', () => {
    expect(withScaledTimeouts(partnerRegistry, 1)).toBe(partnerRegistry);
  });
});
