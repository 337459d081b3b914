import type { Knex } from 'knex';
import { notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import type { Plain } from '../../../internal/messages.js';
import type { Company, Contact } from '../../../proto/gen/extranet/v1/policy_pb.js';

export const contactView = (c: Record<string, unknown>): Plain<Contact> => ({
  id: c.id as string,
  firstName: c.first_name as string,
  lastName: c.last_name as string,
  email: c.email as string,
});
export const companyView = (c: Record<string, unknown>): Plain<Company> => ({
  id: c.id as string,
  name: c.name as string,
  kind: c.kind as string,
  extranetEnabled: c.extranet_enabled as boolean,
});

export async function findCompany(db: Knex, id: unknown) {
  const company = isUuid(id) ? await db('companies').where({ id }).first() : undefined;
  if (!company) throw notFound('company');
  return company;
}
