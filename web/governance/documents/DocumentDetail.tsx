import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DOCUMENT_EXPECTED_ACTION_WORDS, DOCUMENT_STATUS_WORDS } from '../../../domain/wording.js';
import type { DocumentAudienceMember, TeamDocumentDetail } from '../../shared/api.js';
import { Alert, Badge, Facts, Notice } from '../../shared/components.js';
import { DocumentResponses, DocumentVersions, UploadForm } from '../../shared/documents.js';
import { fullName, plural, when, wordOf } from '../../shared/format.js';
import { ErrorFor, useBusy, useErrors, useLatest, useMounted } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';
import { Signatures, useLiveSignatures } from './Signatures.js';

/** Whether the client's action is awaited, in words: a signature only while a signature request is pending. */
const awaiting = (d: TeamDocumentDetail) =>
  d.expectedAction === 'sign'
    ? d.pendingAction
      ? 'Yes: a signature request is pending'
      : 'No: no signature request is pending'
    : d.pendingAction
      ? 'Yes'
      : 'No: answered on the latest version';

/**
 * One document as the team sees it: facts, versions with their files (and a
 * new one), the preview of exactly who will see it before it is published,
 * unpublishing, the signature requests of a document to sign, and every
 * client response.
 */
export function DocumentDetail({ id, onChanged, onClose }: { id: string; onChanged(): void; onClose(): void }) {
  const g = useGovernance();
  const latest = useLatest();
  const mounted = useMounted();
  const errors = useErrors<HTMLDivElement>();
  const [busy, run] = useBusy();
  const [doc, setDoc] = useState<TeamDocumentDetail | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [audience, setAudience] = useState<DocumentAudienceMember[] | null>(null);
  const [contactName, setContactName] = useState('');
  const [requestTitle, setRequestTitle] = useState('');
  const article = useRef<HTMLElement>(null);

  const load = useCallback(async () => {
    const fresh = latest();
    const r = await gov.document(id);
    if (!fresh() || !mounted.current) return;
    setLoaded(true);
    if (!r.ok) return setError(r.error.message);
    setError('');
    setDoc(r.data);
  }, [id]);

  useLiveSignatures(doc, load, onChanged);

  // On opening, the document takes the focus (a new draft's form is gone; the list stays above).
  useEffect(() => {
    void load().then(() => {
      article.current?.scrollIntoView({ block: 'nearest' });
      article.current?.querySelector<HTMLElement>('#document-detail-title')?.focus({ preventScroll: true });
    });
  }, [load]);

  // The names of the contact and the request it names, once known.
  const contactId = doc?.contactId ?? '';
  const requestId = doc?.requestId ?? '';
  const companyId = doc?.companyId ?? '';
  useEffect(() => {
    if (!contactId) return setContactName('');
    void gov.contacts(companyId).then((r) => {
      if (!mounted.current) return;
      const c = r.ok ? r.data.contacts.find((x) => x.id === contactId) : undefined;
      setContactName(c ? fullName(c) || c.email : contactId);
    });
  }, [contactId, companyId]);
  useEffect(() => {
    if (!requestId) return setRequestTitle('');
    void gov.request(requestId).then((r) => {
      if (mounted.current) setRequestTitle(r.ok ? r.data.title : requestId);
    });
  }, [requestId]);

  // The audience list takes the focus when it appears, so the Publish button that follows is one Tab away.
  useEffect(() => {
    if (audience) article.current?.querySelector<HTMLElement>('#document-audience-title')?.focus();
  }, [audience]);

  /** Every change answers the whole document again: shown at once, and the list is read again. */
  const changed = (d: TeamDocumentDetail, message: string) => {
    latest();
    setDoc(d);
    setNotice(message);
    onChanged();
  };

  const preview = () =>
    run(async () => {
      errors.clear();
      setNotice('');
      setAudience(null);
      if (doc && !doc.versions.length) return errors.fail('versions', 'Upload the document’s file before publishing it.');
      const r = await gov.publishDocument(id).preview({});
      if (!r.ok) return errors.show(r.error);
      const { audience: who, ...d } = r.data;
      setDoc(d);
      setAudience(who);
    });

  const publish = () =>
    run(async () => {
      errors.clear();
      const r = await gov.publishDocument(id).apply({});
      if (!r.ok) return errors.show(r.error);
      const { audience: who, ...d } = r.data;
      setAudience(null);
      changed(d, `The document is published: ${who.length ? `${plural(who.length, 'client')} see${who.length === 1 ? 's' : ''} it` : 'nobody sees it yet'}.`);
    });

  const unpublish = () =>
    run(async () => {
      errors.clear();
      setAudience(null);
      const r = await gov.unpublishDocument(id);
      if (!r.ok) return errors.show(r.error);
      changed(r.data, 'The document is withdrawn: clients no longer see it.');
    });

  const d = doc;
  const published = d?.status === 'published';
  return (
    <article id="document-detail" ref={article} class="card" aria-labelledby="document-detail-title" data-testid="team-document">
      <div class="actions heading-row">
        <h3 id="document-detail-title" tabIndex={-1}>
          {d ? d.title : loaded ? 'Document' : 'Loading…'}
        </h3>
        <div class="actions top-actions">
          <button type="button" id="document-refresh" class="secondary" disabled={busy} onClick={() => run(load)}>
            Refresh
          </button>
          <button type="button" id="document-close" class="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <Alert id="document-load-error">{error}</Alert>
      <div ref={errors.scope}>
        {d && (
          <>
            <Facts
              id="document-facts"
              testid="document-facts"
              rows={[
                ['Status', <Badge tone={`document-status ${d.status}`}>{wordOf(DOCUMENT_STATUS_WORDS, d.status)}</Badge>],
                ['Company', g.companyName(d.companyId)],
                ['For', d.contactId ? contactName || 'One contact' : 'Every client of the company with document access'],
                ['The client is asked to', wordOf(DOCUMENT_EXPECTED_ACTION_WORDS, d.expectedAction || 'none')],
                ['Awaiting the client', published && d.expectedAction !== 'none' ? awaiting(d) : ''],
                ['Request', d.requestId ? requestTitle || 'A request' : ''],
                ['Published', published ? when(d.publishedAt) : ''],
                ['Created', when(d.createdAt)],
              ]}
            />
            <ErrorFor errors={errors} field="companyId" id="document-detail-companyId-error" />
            <ErrorFor errors={errors} field="contactId" id="document-detail-contactId-error" />
            {d.description && (
              <p id="document-detail-description" class="description">
                {d.description}
              </p>
            )}

            <section aria-labelledby="document-versions-title">
              <h4 id="document-versions-title">Versions</h4>
              {d.versions.length ? (
                <DocumentVersions versions={d.versions} urlOf={(fileId, inline) => gov.documentFileUrl(d.id, fileId, inline)} />
              ) : (
                <p class="muted" id="document-no-versions">
                  No file yet: upload the document’s first version.
                </p>
              )}
              <ErrorFor errors={errors} field="versions" id="document-versions-error" />
              <UploadForm
                id="document-version-file"
                title="Upload a new version"
                label={d.versions.length ? `New version (version ${d.versions[0]!.number + 1})` : 'The document’s file (version 1)'}
                hint={published ? 'Clients see the new version at once; what they are asked to do starts again on it.' : undefined}
                button="Upload the version"
                testid="document-version-upload"
                upload={(file) => gov.uploadVersion(d.id, file)}
                onUploaded={(next, file) => {
                  errors.clear();
                  setAudience(null);
                  changed(next, `Version ${next.versions[0]?.number ?? ''} is uploaded: ${file.name}.`);
                }}
              />
            </section>

            <section aria-labelledby="document-publish-title">
              <h4 id="document-publish-title">{published ? 'Published' : 'Publish'}</h4>
              {published ? (
                <>
                  <p class="hint">Unpublished, the document is withdrawn: clients stop seeing it on their next visit.</p>
                  <div class="actions">
                    <button type="button" id="document-unpublish" class="danger" disabled={busy} onClick={unpublish}>
                      Unpublish
                    </button>
                  </div>
                </>
              ) : (
                <>
                  <p class="hint">The preview shows exactly who will see the document; nothing changes until you publish.</p>
                  <div class="actions">
                    <button type="button" id="document-preview" class="secondary" disabled={busy} onClick={preview}>
                      Preview who will see it
                    </button>
                  </div>
                </>
              )}
              {audience && !published && (
                <div class="panel" id="document-audience" data-testid="document-audience">
                  <h5 id="document-audience-title" tabIndex={-1}>
                    {audience.length ? `${plural(audience.length, 'client')} will see it` : 'Nobody will see it yet'}
                  </h5>
                  {audience.length ? (
                    <ul aria-labelledby="document-audience-title" data-testid="document-audience-names">
                      {audience.map((a) => (
                        <li key={a.userId} data-user-id={a.userId}>
                          {a.name}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p class="hint">
                      No portal user of {g.companyName(d.companyId)} {d.contactId ? 'with this contact ' : ''}has document access: publish it anyway, or give
                      access first in Client links.
                    </p>
                  )}
                  <div class="actions">
                    <button type="button" id="document-publish" disabled={busy} onClick={publish}>
                      Publish
                    </button>
                    <button type="button" id="document-publish-cancel" class="secondary" onClick={() => setAudience(null)}>
                      Cancel
                    </button>
                  </div>
                </div>
              )}
            </section>
            {d.expectedAction === 'sign' && <Signatures doc={d} onChanged={changed} />}
            <ErrorFor errors={errors} field="" id="document-detail-error" />
            <Notice id="document-notice" testid="document-notice">
              {notice}
            </Notice>

            <section aria-labelledby="document-responses-title">
              <h4 id="document-responses-title">Client responses</h4>
              {d.responses.length ? (
                <DocumentResponses
                  responses={d.responses}
                  showWho
                  label="Client responses, oldest first"
                  urlOf={(fileId, inline) => gov.documentFileUrl(d.id, fileId, inline)}
                />
              ) : (
                <p class="muted" id="document-no-responses">
                  No client has answered yet.
                </p>
              )}
            </section>
          </>
        )}
      </div>
    </article>
  );
}
