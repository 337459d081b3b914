import Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { forbidden, notFound, unprocessable } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import type { Plain } from '../../../internal/messages.js';
import { requireClient, requireStaff, requireSystem } from '../../../internal/service-app.js';
import { parseBody } from '../../../lib/validate.js';
import {
  type ClientPipelineList,
  type FormField,
  type PipelineDetail,
  type PipelineDetailList,
  PipelineWriteSchema,
} from '../../../proto/gen/extranet/v1/collaboration_pb.js';
import type { PipelineList } from '../../../proto/gen/extranet/v1/requests_pb.js';
import { employeeRef, formFields, pipelineView } from '../views.js';

type Row = Record<string, any>;

export const pipelineDetail = (p: Row): Plain<PipelineDetail> => ({
  id: p.id,
  name: p.name,
  responsible: employeeRef(p.responsible_id, p.responsible_name),
  followers: p.followers ?? [],
  fields: formFields(p),
  acceptsClientRequests: !!p.responsible_id,
});

/** Why a client cannot create requests in a pipeline, or nothing when they can. */
export const refusalOf = (p: Row) => (p.responsible_id ? '' : 'nobody on the team is responsible for this pipeline yet, so it accepts no requests');

/** The form as saved: a field keeps its id across edits (sent back by the editor), a new field gets one. */
function savedFields(fields: Plain<FormField>[], before: Plain<FormField>[]): Plain<FormField>[] {
  const keys = new Set<string>();
  return fields.map((f, i) => {
    if (keys.has(f.key)) throw unprocessable(`fields[${i}].key`, `fields[${i}].key repeats "${f.key}"`, 'invalid_field');
    keys.add(f.key);
    // A field keeps its id (and the values stored under it) only when the editor sends that id back: a new field
    // under an old key is a new field, so a removed hidden field's values never surface in a visible one.
    const id = f.id && before.some((b) => b.id === f.id) ? f.id : randomUUID();
    return {
      id,
      key: f.key,
      label: f.label,
      type: f.type,
      required: f.required,
      options: f.type === 'select' ? f.options : [],
      visibleToClients: f.visibleToClients,
    };
  });
}

/** Pipelines: every employee reads them; administrators and department leads change them. Clients see their own, with the visible form. */
export function pipelineRoutes(db: Knex): Router {
  const r = new Router();
  const manager = (ctx: Parameters<typeof requireStaff>[0]) => {
    const actor = requireStaff(ctx);
    if (actor.kind === 'employee' && actor.role !== 'administrator' && actor.role !== 'department_lead')
      throw forbidden('pipelines are managed by administrators and department leads');
    return actor;
  };
  const find = async (id: string) => {
    if (!isUuid(id)) throw notFound('pipeline');
    const p = await db('pipelines').where({ id }).first();
    if (!p) throw notFound('pipeline');
    return p;
  };
  const write = (body: unknown, before: Plain<FormField>[] = []) => {
    const input = parseBody(PipelineWriteSchema, body);
    return {
      name: input.name,
      responsible_id: input.responsible?.id ?? null,
      responsible_name: input.responsible?.name ?? '',
      followers: JSON.stringify(input.followers.map((f) => ({ id: f.id, name: f.name }))),
      fields: JSON.stringify(savedFields(input.fields as Plain<FormField>[], before)),
    };
  };

  r.get('/pipelines', async (ctx) => {
    requireStaff(ctx);
    ctx.body = { pipelines: (await db('pipelines').orderBy('sort').orderBy('name')).map(pipelineDetail) } satisfies Plain<PipelineDetailList>;
  });
  r.get('/pipelines/:id', async (ctx) => {
    requireStaff(ctx);
    ctx.body = pipelineDetail(await find(ctx.params.id!));
  });
  r.post('/pipelines', async (ctx) => {
    manager(ctx);
    const id = randomUUID();
    const sort = ((await db('pipelines').max({ m: 'sort' }).first())?.m ?? 0) + 1;
    await db('pipelines').insert({ id, sort, ...write(ctx.request.body) });
    ctx.status = 201;
    ctx.body = pipelineDetail(await find(id));
  });
  r.post('/pipelines/:id', async (ctx) => {
    manager(ctx);
    const before = await find(ctx.params.id!);
    await db('pipelines')
      .where({ id: before.id })
      .update(write(ctx.request.body, formFields(before)));
    ctx.body = pipelineDetail(await find(before.id));
  });

  r.get('/portal/pipelines', async (ctx) => {
    const client = requireClient(ctx);
    const ids = [...new Set(client.companies.flatMap((c) => c.pipelineIds))];
    const rows = await db('pipelines').whereIn('id', ids).orderBy('sort');
    ctx.body = {
      pipelines: rows.map((p) => ({
        id: p.id,
        name: p.name,
        acceptsClientRequests: !!p.responsible_id,
        refusal: refusalOf(p),
        fields: formFields(p).filter((f) => f.visibleToClients),
      })),
    } satisfies Plain<ClientPipelineList>;
  });

  r.get('/internal/pipelines', async (ctx) => {
    requireSystem(ctx);
    ctx.body = { pipelines: (await db('pipelines').orderBy('sort')).map(pipelineView) } satisfies Plain<PipelineList>;
  });
  return r;
}
