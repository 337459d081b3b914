import type { Knex } from 'knex';
import { isoTime, isoTimeOrNull, type Plain } from '../../internal/messages.js';
import { signatureRequestsOf } from './signatures/views.js';
import type { DocumentFile, DocumentResponse, DocumentVersion, TeamDocumentDetail } from '../../proto/gen/extranet/v1/documents_pb.js';

type Row = Record<string, any>;

/** The response that settles each expected action on a version. */
const SETTLES: Record<string, string[]> = { review: ['reviewed'], approve: ['approved', 'declined'], attach: ['attached'], sign: ['signed', 'declined'] };

export const fileView = (f: Row): Plain<DocumentFile> => ({
  id: f.id,
  name: f.name,
  contentType: f.content_type,
  size: Number(f.size),
  sha256: f.sha256,
  createdAt: isoTime(f.created_at),
});

/** A document's versions (latest first) with their files, and its responses (oldest first, with their version numbers and files). */
export async function historyOf(db: Knex, documentId: string, responsesOf?: { userId: string }) {
  const [versions, files, responses] = await Promise.all([
    db('document_versions').where({ document_id: documentId }).orderBy('number', 'desc'),
    db('document_files').where({ document_id: documentId }).orderBy('created_at'),
    db('document_responses')
      .where({ document_id: documentId })
      .modify((q) => (responsesOf ? q.where({ user_id: responsesOf.userId }) : q))
      .orderBy('created_at'),
  ]);
  const numberOf = new Map(versions.map((v) => [v.id, v.number as number]));
  const versionViews: Plain<DocumentVersion>[] = versions.map((v) => ({
    id: v.id,
    number: v.number,
    createdByName: v.created_by_name,
    createdAt: isoTime(v.created_at),
    files: files.filter((f) => f.version_id === v.id).map(fileView),
  }));
  const responseViews: Plain<DocumentResponse>[] = responses.map((r: Row) => {
    const file = files.find((f) => f.id === r.file_id);
    return {
      id: r.id,
      kind: r.kind,
      userName: r.user_name,
      reason: r.reason,
      versionNumber: numberOf.get(r.version_id) ?? 0,
      createdAt: isoTime(r.created_at),
      file: file ? fileView(file) : undefined,
    };
  });
  return { versions: versionViews, responses: responseViews, latest: versions[0] as Row | undefined, rawResponses: responses };
}

/**
 * Whether a published document still awaits its client action on its latest
 * version (by anyone, or by one user). A signature is awaited while a
 * signature request is pending (`signing`), and only then.
 */
export function awaits(d: Row, latest: Row | undefined, responses: Row[], userId?: string, signing = false): boolean {
  const settles = SETTLES[d.expected_action];
  if (!settles || d.status !== 'published' || !latest) return false;
  if (d.expected_action === 'sign' && !userId) return signing;
  return !responses.some((r) => r.version_id === latest.id && settles.includes(r.kind) && (!userId || r.user_id === userId));
}

/** What the team's list and a document's detail both show of it. */
export const documentHead = (d: Row) => ({
  id: d.id as string,
  companyId: d.company_id as string,
  contactId: (d.contact_id as string | null) ?? undefined,
  title: d.title as string,
  status: d.status as string,
  expectedAction: d.expected_action as string,
  requestId: (d.request_id as string | null) ?? undefined,
  publishedAt: isoTimeOrNull(d.published_at) ?? undefined,
});

export async function teamDetail(db: Knex, d: Row): Promise<Plain<TeamDocumentDetail>> {
  const [h, signatureRequests] = await Promise.all([historyOf(db, d.id), signatureRequestsOf(db, d.id, 'team')]);
  return {
    ...documentHead(d),
    description: d.description,
    createdAt: isoTime(d.created_at),
    versions: h.versions,
    responses: h.responses,
    pendingAction: awaits(d, h.latest, h.rawResponses, undefined, signatureRequests[0]?.status === 'pending'),
    signatureRequests,
    signatureRequestsChanged: [],
  };
}
