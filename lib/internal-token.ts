import { SignJWT, jwtVerify } from 'jose';
import { hkdfSync, randomUUID } from 'node:crypto';

/** Permissions of the seed's policy table, plus document access. */
export const PERMISSIONS = ['requestCreate', 'requestChatRead', 'requestChatSend', 'generalChat', 'calls', 'telegram', 'widget', 'documents'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a client may reach in one company: the effective policy for that company. */
export interface CompanyScope {
  companyId: string;
  permissions: Permission[];
  pipelineIds: string[];
}

/** Employee roles of the governance area. */
export const EMPLOYEE_ROLES = ['administrator', 'department_lead', 'account_manager'] as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

/** Who is calling a service, and for a client, exactly what they may reach. A system actor's id names the process. */
export type Actor =
  | { kind: 'employee'; id: string; name: string; role: EmployeeRole }
  | { kind: 'system'; id: string }
  | { kind: 'client'; id: string; name: string; linkId: string; contactId: string; companies: CompanyScope[] };

/** The header type of an internal token: no other signed value of the system carries it. */
const TYP = 'extranet-internal+jwt';
const audienceOf = (service: string) => `extranet:${service}`;

/** The internal token key, derived for this purpose only, so no other use of the secret can produce a valid token. */
const keys = new Map<string, Uint8Array>();
function keyOf(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, 'extranet', 'internal caller token v2', 32));
    keys.set(secret, key);
  }
  return key;
}

/**
 * Signs a short-lived token carrying the actor, made for exactly one service
 * (its audience) by one process (its issuer), with a unique id.
 */
export async function signActor(secret: string, actor: Actor, to: { audience: string; issuer: string; ttlSeconds?: number }): Promise<string> {
  return new SignJWT({ actor })
    .setProtectedHeader({ alg: 'HS256', typ: TYP })
    .setIssuer(`extranet:${to.issuer}`)
    .setAudience(audienceOf(to.audience))
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${to.ttlSeconds ?? 30}s`)
    .sign(keyOf(secret));
}

/** Verifies a token made for `service`, and the actor it carries; anything else throws. */
export async function verifyActor(secret: string, token: string, service: string): Promise<Actor> {
  const { payload } = await jwtVerify(token, keyOf(secret), {
    audience: audienceOf(service),
    algorithms: ['HS256'],
    typ: TYP,
    requiredClaims: ['iss', 'jti', 'iat', 'exp'],
    maxTokenAge: '60s',
  });
  const actor = parseActor(payload.actor);
  if (!actor) throw new Error('the token carries no valid actor');
  return actor;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isText = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isUuidText = (v: unknown): v is string => typeof v === 'string' && v.length === 36 && UUID.test(v);

function parseScope(v: unknown): CompanyScope | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const s = v as Record<string, unknown>;
  if (!isUuidText(s.companyId) || !Array.isArray(s.permissions) || !Array.isArray(s.pipelineIds)) return undefined;
  if (!s.permissions.every((p) => (PERMISSIONS as readonly unknown[]).includes(p)) || !s.pipelineIds.every(isUuidText)) return undefined;
  return { companyId: s.companyId, permissions: s.permissions as Permission[], pipelineIds: s.pipelineIds as string[] };
}

/** The actor in a verified token, with every claim its kind requires; undefined when one is missing or malformed. */
export function parseActor(v: unknown): Actor | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const a = v as Record<string, unknown>;
  if (a.kind === 'system') return isText(a.id, 100) ? { kind: 'system', id: a.id } : undefined;
  if (a.kind === 'employee') {
    if (!isUuidText(a.id) || !isText(a.name) || !(EMPLOYEE_ROLES as readonly unknown[]).includes(a.role)) return undefined;
    return { kind: 'employee', id: a.id, name: a.name, role: a.role as EmployeeRole };
  }
  if (a.kind === 'client') {
    if (!isUuidText(a.id) || typeof a.name !== 'string' || !isUuidText(a.linkId) || !isUuidText(a.contactId) || !Array.isArray(a.companies)) return undefined;
    const companies = a.companies.map(parseScope);
    if (companies.some((c) => !c)) return undefined;
    return { kind: 'client', id: a.id, name: a.name, linkId: a.linkId, contactId: a.contactId, companies: companies as CompanyScope[] };
  }
  return undefined;
}
