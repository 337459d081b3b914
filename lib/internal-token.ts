import { SignJWT, jwtVerify } from 'jose';

/** Permissions of the seed's policy table, plus document access. */
export const PERMISSIONS = [
  'requestCreate',
  'requestChatRead',
  'requestChatSend',
  'generalChat',
  'calls',
  'telegram',
  'widget',
  'documents',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a client may reach in one company: the effective policy for that company. */
export interface CompanyScope {
  companyId: string;
  permissions: Permission[];
  pipelineIds: string[];
}

/** Employee roles of the governance area. */
export type EmployeeRole = 'administrator' | 'department_lead' | 'account_manager';

/** Who is calling a service, and for a client, exactly what they may reach. */
export type Actor =
  | { kind: 'employee'; id: string; name: string; role: EmployeeRole }
  | { kind: 'system'; id: string }
  | { kind: 'client'; id: string; name: string; linkId: string; contactId: string; companies: CompanyScope[] };

const ISSUER = 'extranet-gateway';
const AUDIENCE = 'extranet-services';

/** Signs a short-lived token carrying the actor; services trust nothing else. */
export async function signActor(secret: string, actor: Actor, ttlSeconds = 60): Promise<string> {
  return new SignJWT({ actor })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}

export async function verifyActor(secret: string, token: string): Promise<Actor> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['HS256'],
  });
  return payload.actor as Actor;
}
