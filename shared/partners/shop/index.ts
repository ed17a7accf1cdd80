import { definePartner } from '../define.ts';
import { shopConnector } from './connector.ts';
import { shopWebhooks } from './webhooks.ts';

export const shopPartner = definePartner({
  name: 'shop',
  connector: shopConnector,
  webhooks: shopWebhooks,
});
