/**
 * Password length rules, shared by better-auth's sign-in and the `users` command. Length is what
 * makes a password hard to guess (NIST SP 800-63B §5.1.1: at least 8, allow at least 64; we ask
 * for 12 because these accounts see customer data). 128 is better-auth's default ceiling.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
