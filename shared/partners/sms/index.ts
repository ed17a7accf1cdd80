import { definePartner } from '../define.ts';
import { smsConnector } from './connector.ts';
import { smsWebhooks } from './webhooks.ts';

export const smsPartner = definePartner({
  name: 'sms',
  connector: smsConnector,
  webhooks: smsWebhooks,
});
