import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { readLocalSecrets } from '#infra/local/config.ts';
import { switchboardTopology } from '#infra/topology/switchboard.ts';
import { channelSecrets } from '#shared/channels/secrets.ts';
import { demoPartnerSubscriptions } from '#shared/outbound/subscriptions.ts';
import {
  inboundPartners,
  partnerRegistry,
  partnerSecrets,
  partners,
} from '#shared/partners/index.ts';
import type { EventMessage } from '#shared/webhooks/event-message.ts';
import { acceptEvent, webhookSecretSchema } from '#shared/webhooks/inbound.ts';

const localSecrets = readLocalSecrets(
  fileURLToPath(new URL('../../../infra/local/secrets.json', import.meta.url)),
);

describe('the partner registry', () => {
  it('names each partner once, and each folder registers under its own name', () => {
    const names = partners.map((partner) => partner.name);
    expect(new Set(names).size).toBe(names.length);
    for (const partner of partners) expect(partner.connector.name).toBe(partner.name);
    expect(Object.keys(partnerRegistry).sort()).toEqual([...names].sort());
  });

  it('gives every accepted event type a schema and a planner', () => {
    expect(Object.keys(inboundPartners).length).toBeGreaterThan(0);
    for (const [partner, config] of Object.entries(inboundPartners)) {
      const types = Object.keys(config.events);
      expect(types.length, partner).toBeGreaterThan(0);
      for (const type of types) {
        const accepted = config.events[type];
        expect(typeof accepted?.schema.safeParse, `${partner} ${type}`).toBe('function');
        expect(typeof accepted?.plan, `${partner} ${type}`).toBe('function');
      }
    }
  });

  it('declares every partner secret in the topology, so the stack creates and grants it', () => {
    const declared = switchboardTopology.secrets.map((secret) => secret.name);
    expect([...partnerSecrets, ...channelSecrets].map((secret) => secret.name).sort()).toEqual(
      [...declared].sort(),
    );
    for (const partner of Object.values(partnerRegistry)) {
      if (partner.secretName) expect(declared).toContain(partner.secretName);
    }
    for (const config of Object.values(inboundPartners)) {
      expect(declared).toContain(config.secretName);
    }
  });

  it('has a local value of the right shape for every partner secret, and no stray ones', () => {
    expect(Object.keys(localSecrets).sort()).toEqual(
      [...partnerSecrets, ...channelSecrets].map((secret) => secret.name).sort(),
    );
    for (const config of Object.values(inboundPartners)) {
      expect(webhookSecretSchema.safeParse(localSecrets[config.secretName]).success).toBe(true);
    }
  });

  it('signs outbound webhooks only to partners that hold a webhook secret', () => {
    for (const { endpoint } of demoPartnerSubscriptions('http://127.0.0.1:3001')) {
      expect(Object.keys(inboundPartners)).toContain(endpoint);
    }
  });

  it("types a planner's payload as what its schema accepts", () => {
    const schema = z.object({ id: z.string(), at: z.number() });
    acceptEvent(schema, (payload, message) => {
      expectTypeOf(payload).toEqualTypeOf<{ id: string; at: number }>();
      expectTypeOf(message).toEqualTypeOf<EventMessage>();
      return { entity: { key: `thing#${payload.id}`, version: '0', state: {} }, summary: '' };
    });
    // @ts-expect-error a planner that expects another payload than its schema's does not compile
    acceptEvent(schema, (payload: { id: number }) => ({
      entity: { key: `thing#${payload.id}`, version: '0', state: {} },
      summary: '',
    }));
  });
});
