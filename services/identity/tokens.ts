import { createHash, randomBytes } from 'node:crypto';

/** Secrets handed out by identity (session, refresh, invitation, employee session) are 32 random bytes, base64url. */
export const newToken = () => randomBytes(32).toString('base64url');

/** The shape of such a token: checked before any lookup. */
export const isTokenShaped = (v: unknown): v is string => typeof v === 'string' && v.length === 43 && /^[A-Za-z0-9_-]+$/.test(v);

/** Tokens are stored only as their SHA-256. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
