import { describe, expect, it } from 'vitest';
import { headerReader, safeEqual } from '#shared/webhooks/schemes/common.ts';
import { twilioParamString, twilioUrlVariants } from '#shared/webhooks/schemes/twilio.ts';

describe('safeEqual', () => {
  it('compares strings and buffers, and treats a length mismatch as unequal without throwing', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual(Buffer.from('abc'), 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    // Same UTF-16 length, different byte length.
    expect(safeEqual('é', 'e')).toBe(false);
  });
});

describe('headerReader', () => {
  it('looks names up case-insensitively and takes the first value of a multi-value header', () => {
    const header = headerReader({
      'X-Mixed-Case': 'a',
      multi: ['first', 'second'],
      none: undefined,
    });
    expect(header('x-mixed-case')).toBe('a');
    expect(header('X-MIXED-CASE')).toBe('a');
    expect(header('Multi')).toBe('first');
    expect(header('none')).toBeUndefined();
    expect(header('absent')).toBeUndefined();
  });

  it('survives non-object headers and prototype-ish names', () => {
    expect(headerReader(null)('x')).toBeUndefined();
    expect(headerReader('text')('0')).toBeUndefined();
    expect(headerReader({})('__proto__')).toBeUndefined();
    expect(headerReader({})('constructor')).toBeUndefined();
  });
});

describe('twilioUrlVariants', () => {
  it('adds or removes only the default port', () => {
    expect(twilioUrlVariants('https://h.example/p?q=1')).toEqual([
      'https://h.example/p?q=1',
      'https://h.example:443/p?q=1',
    ]);
    expect(twilioUrlVariants('https://h.example:443/p')).toEqual([
      'https://h.example:443/p',
      'https://h.example/p',
    ]);
    expect(twilioUrlVariants('http://h.example/p')).toEqual([
      'http://h.example/p',
      'http://h.example:80/p',
    ]);
    expect(twilioUrlVariants('http://h.example:443/p')).toEqual(['http://h.example:443/p']);
    expect(twilioUrlVariants('https://h.example:8443/p')).toEqual(['https://h.example:8443/p']);
  });
});

describe('twilioParamString', () => {
  it('sorts names, decodes values, and counts repeated values once in sorted order', () => {
    const body = Buffer.from('b=2&a=%2B1&c=y&c=x&c=y&d=two+words');
    expect(twilioParamString(body)).toBe('a+1b2cxcyd' + 'two words');
  });
});
