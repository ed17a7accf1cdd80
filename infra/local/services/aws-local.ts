/** Region, account and credentials every local AWS stand-in and local function agrees on. */
export const localRegion = 'us-east-1';
export const localAccountId = '000000000000';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
