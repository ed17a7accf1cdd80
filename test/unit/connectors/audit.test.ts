import { describe, expect, it } from 'vitest';
import { auditPartnerCall, maskPhone, redact } from '#shared/connectors/audit.ts';
import { recordingLog } from './fakes.ts';

describe('maskPhone', () => {
  it('keeps the country code and the last three digits', () => {
    expect(maskPhone('+48500100200')).toBe('+48*****200');
    expect(maskPhone('+15555550123')).toBe('+15*****123');
  });
});

describe('redact', () => {
  it('masks phone numbers in free text', () => {
    expect(redact('phone must be E.164 such as +48500100200')).toBe(
      'phone must be E.164 such as +48*****200',
    );
  });

  it('masks card numbers, credentials and PINs', () => {
    expect(redact('card 4111 1111 1111 1111 declined')).toBe('card [card ****1111] declined');
    expect(redact('sent Authorization: Bearer shop_dev_abc.def')).toBe(
      'sent Authorization: Bearer [redacted]',
    );
    expect(redact('PIN 1234 is wrong')).toBe('PIN **** is wrong');
  });

  it('leaves order numbers and statuses alone', () => {
    expect(redact('No order 12345 (HTTP 404)')).toBe('No order 12345 (HTTP 404)');
  });
});

describe('auditPartnerCall', () => {
  it('writes one line with the call facts and a redacted message', () => {
    const log = recordingLog();
    auditPartnerCall(log, {
      partner: 'crm',
      operation: 'findCustomerByPhone',
      status: 'failed',
      errorCode: 'bad-request',
      latencyMs: 12,
      attempts: 1,
      breakerState: 'closed',
      cacheHit: false,
      correlationId: 'turn-1',
      errorMessage: 'bad phone +48500100200',
    });
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]?.fields).toMatchObject({
      audit: 'partner-call',
      partner: 'crm',
      operation: 'findCustomerByPhone',
      status: 'failed',
      latencyMs: 12,
      attempts: 1,
      breakerState: 'closed',
      cacheHit: false,
      correlationId: 'turn-1',
      errorMessage: 'bad phone +48*****200',
    });
  });
});
