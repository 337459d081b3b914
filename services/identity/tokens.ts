import { createHash, randomBytes } from 'node:crypto';

/** Secrets handed out by identity (session, refresh, invitation, employee session) are 32 random bytes, base64url. */
export const newToken = () => randomBytes(32).toString('base64url');

/** Tokens are stored only as their SHA-256. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
