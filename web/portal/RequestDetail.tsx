import { useCallback, useEffect, useState } from 'preact/hooks';
import { REQUEST_STATUS_WORDS } from '../../domain/wording.js';
import type { Attachment, ClientRequest, FieldValue } from '../shared/api.js';
import { Alert, Facts, Notice } from '../shared/components.js';
import { CallLink } from '../shared/conversation.js';
import { FileList } from '../shared/files.js';
import { when, wordOf } from '../shared/format.js';
import { useBusy, useLatest, useMounted } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';
import { RequestChat } from './RequestChat.js';
import { RequestNotes } from './RequestNotes.js';
import { RequestDocuments } from './RequestDocuments.js';

/** A form value as the client reads it: a file field shows its file, as a download link. */
function FieldText({ field, files }: { field: FieldValue; files: Attachment[] }) {
  if (field.type !== 'file') return <span class="description">{field.value}</span>;
  const file = files.find((a) => a.id === field.value);
  if (!file) return <span class="muted">A file</span>;
  return (
    <a href={api.attachmentUrl(file.id)} download={file.name}>
      {file.name}
    </a>
  );
}

/** One request: its facts, the next step asked of the client, its form, its files, a call, the conversation and the client's private notes. */
export function RequestDetail({ id }: { id: string }) {
  const portal = usePortal();
  const mounted = useMounted();
  const latest = useLatest();
  const [busy, run] = useBusy();
  const [request, setRequest] = useState<ClientRequest | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    const fresh = latest();
    const r = await api.request(id);
    if (!mounted.current || !fresh()) return;
    setLoading(false);
    if (portal.failed(r)) return setError(r.error.message);
    setError('');
    setRequest(r.data);
  }, [id]);

  // one load per opening (the component is keyed by it)
  useEffect(() => {
    void load();
  }, [load]);

  const deleteFile = (file: Attachment) =>
    run(async () => {
      setNotice('');
      const r = await api.deleteAttachment(file.id);
      if (portal.failed(r)) return setError(r.error.message);
      await load();
      setNotice(`The file ${file.name} is deleted.`);
    });

  const company = request && portal.companyOf(request.companyId);
  return (
    <article id="request-detail" aria-labelledby="request-detail-title" data-testid="request-detail">
      <h4 id="request-detail-title">{loading ? 'Loading…' : (request?.title ?? 'Request')}</h4>
      {request?.nextStep && (
        <div class="next-step" id="request-next-step" data-testid="next-step">
          <strong>Next step for you</strong>
          <span class="description">{request.nextStep}</span>
        </div>
      )}
      {request && (
        <Facts
          id="request-facts"
          rows={[
            ['Status', wordOf(REQUEST_STATUS_WORDS, request.status)],
            ['Company', company?.name ?? ''],
            ['Pipeline', portal.pipelineName(request.pipelineId)],
            ['Responsible', request.responsible ?? ''],
            ['Created', when(request.createdAt, '')],
            ['Updated', request.updatedAt !== request.createdAt ? when(request.updatedAt, '') : ''],
          ]}
        />
      )}
      {request?.description && (
        <p id="request-description" class="description">
          {request.description}
        </p>
      )}
      {request && request.fields.length > 0 && (
        <section aria-labelledby="request-fields-title">
          <h5 id="request-fields-title">Request form</h5>
          <Facts id="request-fields" testid="request-fields" rows={request.fields.map((f) => [f.label, <FieldText field={f} files={request.attachments} />])} />
        </section>
      )}
      {request && (
        <section aria-labelledby="request-files-title">
          <h5 id="request-files-title">Files</h5>
          {request.attachments.length ? (
            <FileList
              files={request.attachments}
              urlOf={api.attachmentUrl}
              label="Files of this request"
              testid="request-files"
              busy={busy}
              onDelete={deleteFile}
            />
          ) : (
            <p class="muted" id="request-files-empty">
              No files yet.
            </p>
          )}
          <Notice id="request-files-notice">{notice}</Notice>
        </section>
      )}
      {request && <RequestDocuments requestId={request.id} />}
      {request && <CallLink url={request.callUrl} id="request-call" />}
      <Alert id="request-error">{error}</Alert>
      {request && <RequestChat request={request} onFilesChanged={load} />}
      {request && <RequestNotes requestId={request.id} />}
    </article>
  );
}
