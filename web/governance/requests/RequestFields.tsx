import type { TeamRequest } from '../../shared/api.js';
import { Badge } from '../../shared/components.js';
import { gov } from '../api.js';

/** The request's form as filled in: every field, the ones hidden from the client marked so. */
export function RequestFields({ request }: { request: TeamRequest }) {
  return (
    <>
      <h4 id="request-fields-title">Request form</h4>
      {request.fields.length ? (
        <dl class="facts" id="request-fields" data-testid="request-fields">
          {request.fields.map((f) => {
            const file = f.type === 'file' ? request.attachments.find((a) => a.id === f.value) : undefined;
            return [
              <dt key={`${f.fieldId}-t`}>
                {f.label}
                {!f.visibleToClients && (
                  <>
                    {' '}
                    <Badge tone="hidden-field">hidden from the client</Badge>
                  </>
                )}
              </dt>,
              <dd key={`${f.fieldId}-d`} data-testid="request-field" data-key={f.key}>
                {file ? (
                  <a href={gov.attachmentUrl(file.id)} download={file.name}>
                    {file.name}
                  </a>
                ) : (
                  <span class="description">{f.value}</span>
                )}
              </dd>,
            ];
          })}
        </dl>
      ) : (
        <p class="muted">The form of this request is empty.</p>
      )}
    </>
  );
}
