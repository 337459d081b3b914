import { isUuid } from '../lib/http.js';
import { EMPLOYEE_ROLES, PERMISSIONS, type EmployeeRole, type Permission } from '../domain/vocabulary.js';

/** What a client may reach in one company: the effective policy for that company. */
export interface CompanyScope {
  companyId: string;
  permissions: Permission[];
  pipelineIds: string[];
}

/**
 * Whom a client actor stands for: a signed-in client's session, with the access
 * epoch their scope was computed at (the service checks both in its own query,
 * see internal/client-access.ts), or an employee's read-only "view as this client".
 */
export type ClientVoucher = { source: 'session'; sessionId: string; tokenHash: string; accessEpoch: string } | { source: 'view-as'; employeeId: string };

/** Who is calling a service, and for a client, exactly what they may reach. A system actor's id names the process. */
export type Actor =
  | { kind: 'employee'; id: string; name: string; role: EmployeeRole }
  | { kind: 'system'; id: string }
  | { kind: 'client'; id: string; name: string; linkId: string; contactId: string; companies: CompanyScope[]; vouch: ClientVoucher };

const isText = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

function parseScope(v: unknown): CompanyScope | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const s = v as Record<string, unknown>;
  if (!isUuid(s.companyId) || !Array.isArray(s.permissions) || !Array.isArray(s.pipelineIds)) return undefined;
  if (!s.permissions.every((p) => (PERMISSIONS as readonly unknown[]).includes(p)) || !s.pipelineIds.every(isUuid)) return undefined;
  return { companyId: s.companyId, permissions: s.permissions as Permission[], pipelineIds: s.pipelineIds as string[] };
}

function parseVoucher(v: unknown): ClientVoucher | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const x = v as Record<string, unknown>;
  if (
    x.source === 'session' &&
    isUuid(x.sessionId) &&
    typeof x.tokenHash === 'string' &&
    /^[0-9a-f]{64}$/.test(x.tokenHash) &&
    typeof x.accessEpoch === 'string' &&
    /^[0-9]{1,19}$/.test(x.accessEpoch)
  )
    return { source: 'session', sessionId: x.sessionId, tokenHash: x.tokenHash, accessEpoch: x.accessEpoch };
  if (x.source === 'view-as' && isUuid(x.employeeId)) return { source: 'view-as', employeeId: x.employeeId };
  return undefined;
}

/** The actor in a verified token, with every claim its kind requires; undefined when one is missing or malformed. */
export function parseActor(v: unknown): Actor | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const a = v as Record<string, unknown>;
  if (a.kind === 'system') return isText(a.id, 100) ? { kind: 'system', id: a.id } : undefined;
  if (a.kind === 'employee') {
    if (!isUuid(a.id) || !isText(a.name) || !(EMPLOYEE_ROLES as readonly unknown[]).includes(a.role)) return undefined;
    return { kind: 'employee', id: a.id, name: a.name, role: a.role as EmployeeRole };
  }
  if (a.kind === 'client') {
    if (!isUuid(a.id) || typeof a.name !== 'string' || !isUuid(a.linkId) || !isUuid(a.contactId) || !Array.isArray(a.companies)) return undefined;
    const companies = a.companies.map(parseScope);
    const vouch = parseVoucher(a.vouch);
    if (companies.some((c) => !c) || !vouch) return undefined;
    return { kind: 'client', id: a.id, name: a.name, linkId: a.linkId, contactId: a.contactId, companies: companies as CompanyScope[], vouch };
  }
  return undefined;
}
