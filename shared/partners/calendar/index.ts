import { definePartner } from '../define.ts';
import { calendarConnector } from './connector.ts';
import { calendarWebhooks } from './webhooks.ts';

export const calendarPartner = definePartner({
  name: 'calendar',
  connector: calendarConnector,
  webhooks: calendarWebhooks,
});
