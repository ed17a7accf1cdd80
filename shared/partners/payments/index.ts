import { definePartner } from '../define.ts';
import { paymentsConnector } from './connector.ts';
import { paymentsWebhooks } from './webhooks.ts';

export const paymentsPartner = definePartner({
  name: 'payments',
  connector: paymentsConnector,
  webhooks: paymentsWebhooks,
});
