import { definePartner } from '../define.ts';
import { crmConnector } from './connector.ts';
import { crmWebhooks } from './webhooks.ts';

export const crmPartner = definePartner({
  name: 'crm',
  connector: crmConnector,
  webhooks: crmWebhooks,
});
