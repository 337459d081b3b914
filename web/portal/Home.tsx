import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ClientPipeline, PortalMe } from '../shared/api.js';
import { api } from './api.js';
import { ChannelForm } from './ChannelForm.js';
import { PortalContext } from './context.js';
import { Documents } from './Documents.js';
import { GeneralChannel } from './GeneralChannel.js';
import { Notifications } from './Notifications.js';
import { PasswordForm } from './PasswordForm.js';
import { Requests } from './Requests.js';
import { Welcome } from './Welcome.js';

/** The signed-in portal: who the client is, their notifications, requests, the general channel, documents, connections, password. */
export function Home({
  me,
  signedOut,
  openDocument = null,
  onDocumentOpened,
}: {
  me: PortalMe;
  signedOut(notice: string): void;
  /** A document to open at once (a link to it); told when it is opened. */
  openDocument?: string | null;
  onDocumentOpened?(): void;
}) {
  // The forms that offer pipelines and connections are set up once the pipelines are known.
  const [pipelines, setPipelines] = useState<Map<string, ClientPipeline> | null>(null);
  useEffect(() => {
    void api.pipelines().then((r) => setPipelines(new Map(r.ok ? r.data.pipelines.map((p) => [p.id, p] as const) : [])));
  }, []);
  // A document to open: from the link the client came by, or from a request that lists it.
  const [toOpen, setToOpen] = useState<string | null>(openDocument);
  useEffect(() => setToOpen(openDocument), [openDocument]);
  const portal = useMemo(
    () => ({ me, pipelines: pipelines ?? new Map<string, ClientPipeline>(), signedOut, openDocument: (id: string) => setToOpen(id) }),
    [me, pipelines, signedOut],
  );

  return (
    <PortalContext.Provider value={portal}>
      <div id="home">
        <Welcome />
        <Notifications />
        <Requests ready={pipelines !== null} />
        <GeneralChannel />
        <Documents
          open={toOpen}
          onOpened={() => {
            setToOpen(null);
            onDocumentOpened?.();
          }}
        />
        {pipelines !== null && <ChannelForm />}
        <PasswordForm />
      </div>
    </PortalContext.Provider>
  );
}
