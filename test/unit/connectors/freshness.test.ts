import { describe, expect, it } from 'vitest';
import { callPartner } from '#shared/connectors/call-partner.ts';
import type { PushedState } from '#shared/connectors/freshness.ts';
import { crmPartner } from '#shared/partners/crm/index.ts';
import { shopPartner } from '#shared/partners/shop/index.ts';
import { scriptedFetch, testDeps } from './fakes.ts';

const processing = {
  orderNumber: '10001',
  status: 'processing',
  placedAt: '2026-05-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:00.000Z',
  items: [{ sku: 'A1', name: 'Lamp', quantity: 1, unitPrice: { amount: 5000, currency: 'PLN' } }],
  total: { amount: 5000, currency: 'PLN' },
  shipment: null,
  cancellation: null,
};

const shippedEvent: PushedState = {
  version: '2026-05-02T08:30:00.000Z',
  state: {
    orderNumber: '10001',
    status: 'shipped',
    shipment: { carrier: 'DHL', trackingNumber: 'JD1', expectedDelivery: '2026-05-03' },
    changedAt: '2026-05-02T08:30:00.000Z',
  },
};

function setup(pushed: Map<string, PushedState> | 'unreadable', body: unknown = processing) {
  const fetch = scriptedFetch(() => ({ status: 200, body }));
  const env = testDeps({
    partners: { shop: shopPartner.connector, crm: crmPartner.connector },
    fetch,
    secrets: {
      'switchboard/shop/api': { token: 't' },
      'switchboard/crm/api': { clientId: 'c', clientSecret: 's' },
    },
    pushed,
  });
  return { ...env, fetch };
}

const getOrder = () => ({
  partner: 'shop',
  operation: 'getOrder',
  input: { orderNumber: '10001' },
  deadline: { at: Date.now() + 3000 },
  correlationId: 'corr-fresh',
});

describe('answers are never older than the newest applied partner event', () => {
  it('serves the cache while no newer event was applied', async () => {
    const { deps, fetch } = setup(new Map());
    await callPartner(deps, getOrder());
    const again = await callPartner(deps, getOrder());
    expect(again).toMatchObject({ kind: 'ok', cacheHit: true, value: { status: 'processing' } });
    expect(fetch.requests).toHaveLength(1);
  });

  it('lays an event applied after caching over the cached answer, without a partner call', async () => {
    const pushed = new Map<string, PushedState>();
    const { deps, fetch, metrics } = setup(pushed);
    await callPartner(deps, getOrder());
    pushed.set('order#10001', shippedEvent);

    const again = await callPartner(deps, getOrder());
    expect(again).toMatchObject({
      kind: 'ok',
      value: {
        status: 'shipped',
        updatedAt: '2026-05-02T08:30:00.000Z',
        shipment: { carrier: 'DHL', trackingNumber: 'JD1', expectedDelivery: '2026-05-03' },
        items: processing.items,
      },
    });
    expect(fetch.requests).toHaveLength(1);
    expect(metrics).toContain('PartnerAnswerFreshened');
  });

  it('corrects a partner answer that lags behind an event already applied', async () => {
    const { deps } = setup(new Map([['order#10001', shippedEvent]]));
    expect(await callPartner(deps, getOrder())).toMatchObject({
      kind: 'ok',
      cacheHit: false,
      value: { status: 'shipped' },
    });
  });

  it('keeps a partner answer newer than the applied event', async () => {
    const delivered = { ...processing, status: 'delivered', updatedAt: '2026-05-04T00:00:00Z' };
    const { deps } = setup(new Map([['order#10001', shippedEvent]]), delivered);
    expect(await callPartner(deps, getOrder())).toMatchObject({ value: { status: 'delivered' } });
  });

  it('asks the partner again when the cached answer cannot be brought up to date', async () => {
    const pushed = new Map<string, PushedState>();
    const { deps, fetch } = setup(pushed);
    await callPartner(deps, getOrder());
    pushed.set('order#10001', {
      version: '2026-05-02T08:30:00.000Z',
      state: { ...shippedEvent.state, status: 'teleported' },
    });
    await callPartner(deps, getOrder());
    expect(fetch.requests).toHaveLength(2);
  });

  it('does not trust the cache when the applied state cannot be read', async () => {
    const { deps, fetch } = setup('unreadable');
    await callPartner(deps, getOrder());
    const again = await callPartner(deps, getOrder());
    expect(again).toMatchObject({ kind: 'ok', cacheHit: false, value: { status: 'processing' } });
    expect(fetch.requests).toHaveLength(2);
  });

  it('applies the same rule to the loyalty balance', async () => {
    const pushed = new Map<string, PushedState>();
    const loyalty = {
      customerId: 'c-1',
      points: 320,
      tier: 'silver',
      updatedAt: '2026-05-01T00:00:00Z',
    };
    const fetch = scriptedFetch((request) =>
      request.url.endsWith('oauth/token')
        ? { status: 200, body: { access_token: 'a', token_type: 'Bearer', expires_in: 300 } }
        : { status: 200, body: loyalty },
    );
    const { deps } = testDeps({
      partners: { crm: crmPartner.connector },
      fetch,
      secrets: { 'switchboard/crm/api': { clientId: 'c', clientSecret: 's' } },
      pushed,
    });
    const ask = () =>
      callPartner(deps, {
        partner: 'crm',
        operation: 'getLoyalty',
        input: { customerId: 'c-1' },
        deadline: { at: Date.now() + 3000 },
        correlationId: 'corr-loyalty',
      });
    await ask();
    pushed.set('loyalty#c-1', {
      version: '2026-05-02T00:00:00.000Z',
      state: { customerId: 'c-1', points: 470 },
    });
    expect(await ask()).toMatchObject({ cacheHit: true, value: { points: 470, tier: 'silver' } });
  });
});
