/** Environment without any sign-in settings inherited from the shell running the tests. */
export const NO_AUTH_ENV: Record<string, string> = {
  SUPPORT_TRENDS_AUTH_SECRET: '',
  SUPPORT_TRENDS_BASE_URL: '',
  SUPPORT_TRENDS_OIDC_ISSUER: '',
  SUPPORT_TRENDS_OIDC_CLIENT_ID: '',
  SUPPORT_TRENDS_OIDC_CLIENT_SECRET: '',
  SUPPORT_TRENDS_OIDC_ROLE_CLAIM: '',
  SUPPORT_TRENDS_OIDC_ROLE_MAP: '',
};
