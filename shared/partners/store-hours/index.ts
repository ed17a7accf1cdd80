import { definePartner } from '../define.ts';
import { storeHoursConnector } from './connector.ts';

/** A system without an API: rows the business keeps in a spreadsheet, loaded into DynamoDB. */
export const storeHoursPartner = definePartner({
  name: 'store-hours',
  connector: storeHoursConnector,
});
