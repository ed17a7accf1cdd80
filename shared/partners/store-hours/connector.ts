import * as z from 'zod';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { referenceKey, referencePartition } from '#shared/state/table-design.ts';
import { defaultBreaker, turnRetry } from '../common.ts';

const storeHoursPartition = referencePartition('store-hours');

const hours = z.string().regex(/^(closed|\d{2}:\d{2}-\d{2}:\d{2})$/);

export const storeHoursRowSchema = z.object({
  city: z.string(),
  address: z.string(),
  timeZone: z.string(),
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: hours,
  sun: hours,
});

export type StoreHours = z.infer<typeof storeHoursRowSchema>;

export const storeHoursConnector = defineConnector({
  auth: { kind: 'none' },
  retry: turnRetry,
  breaker: defaultBreaker,
  operations: {
    getStoreHours: defineOperation({
      kind: 'table',
      partition: storeHoursPartition,
      input: z.object({ city: z.string().min(1).max(100) }),
      rowKey: ({ city }) => referenceKey(city),
      response: storeHoursRowSchema,
      timeoutMs: 500,
      cacheTtlMs: 300_000,
    }),
  },
});
