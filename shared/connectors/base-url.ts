/**
 * Where each partner lives. The stack sets `PARTNER_<NAME>_BASE_URL` from its configuration;
 * locally every partner is a system path of the demo partner (`DEMO_PARTNER_URL`).
 */
export const partnerBaseUrlEnvVar = (partner: string): string =>
  `PARTNER_${partner.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_BASE_URL`;

export function partnerBaseUrlFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): (partner: string) => string | undefined {
  return (partner) => {
    const configured = env[partnerBaseUrlEnvVar(partner)];
    if (configured) return configured;
    const demoPartner = env.DEMO_PARTNER_URL?.replace(/\/+$/, '');
    return demoPartner ? `${demoPartner}/${partner}` : undefined;
  };
}
