import { definePartner } from '../define.ts';
import { ticketsConnector } from './connector.ts';
import { ticketsWebhooks } from './webhooks.ts';

export const ticketsPartner = definePartner({
  name: 'tickets',
  connector: ticketsConnector,
  webhooks: ticketsWebhooks,
});
