import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { PortalMe } from '../shared/api.js';
import { useBusy } from '../shared/forms.js';
import { Activate } from './Activate.js';
import { api } from './api.js';
import { Home } from './Home.js';
import { Login } from './Login.js';

type View = 'loading' | 'activate' | 'login' | 'home';

/** The document a link opens (`/extranet/documents/<id>`, as the signature emails send it), or null. */
const linkedDocument = (path: string): string | null =>
  /^\/extranet\/documents\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(path)?.[1]?.toLowerCase() ?? null;

/** The client portal: activation, sign-in, and the signed-in home (which opens the document a link names, after sign-in if need be). */
export function App() {
  // The activation token travels in the fragment, so it never reaches a server log.
  const token = useMemo(() => new URLSearchParams(location.hash.slice(1)).get('token'), []);
  const [view, setView] = useState<View>('loading');
  const [notice, setNotice] = useState('');
  const [me, setMe] = useState<PortalMe | null>(null);
  // Each sign-in starts a fresh home: forms, notices and the open request are those of the new session.
  const [session, setSession] = useState(0);
  const [signingOut, run] = useBusy();
  // Read before any sign-in replaces the path; the first home opens it, once.
  const [opening, setOpening] = useState(() => linkedDocument(location.pathname));
  const opened = useCallback(() => {
    setOpening(null);
    if (linkedDocument(location.pathname)) history.replaceState(null, '', '/extranet');
  }, []);

  const show = useCallback((v: View, message = '') => {
    setView(v);
    setNotice(message);
  }, []);

  const signedOut = useCallback(
    (message: string) => {
      setMe(null);
      history.replaceState(null, '', '/extranet');
      show('login', message);
    },
    [show],
  );

  const home = useCallback(async () => {
    const r = await api.me();
    if (!r.ok) {
      if (r.status === 401)
        return signedOut(
          location.pathname === '/extranet/activate' ? 'This activation link is incomplete. Sign in, or open the link from the email again.' : '',
        );
      return show('login', r.error.message);
    }
    setMe(r.data);
    setSession((n) => n + 1);
    show('home');
  }, [show, signedOut]);

  useEffect(() => {
    if (location.pathname === '/extranet/activate' && token) show('activate');
    else void home();
  }, [home, show, token]);

  const signedIn = useCallback(async () => {
    history.replaceState(null, '', '/extranet');
    await home();
  }, [home]);

  return (
    <>
      <header class="top">
        <h1>
          Extranet <span class="muted">· Client portal</span>
        </h1>
        {view === 'home' && (
          <button
            type="button"
            id="signout"
            class="secondary"
            disabled={signingOut}
            onClick={() =>
              run(async () => {
                await api.logout();
                signedOut('You are signed out.');
              })
            }
          >
            Sign out
          </button>
        )}
      </header>
      <main id="app">
        <p id="loading" class="muted" role="status" hidden={view !== 'loading'}>
          Loading…
        </p>
        <p id="page-notice" class="notice narrow" role="status">
          {notice}
        </p>
        {view === 'activate' && token && <Activate token={token} onActivated={signedIn} />}
        {view === 'login' && <Login onSignedIn={signedIn} />}
        {view === 'home' && me && <Home key={session} me={me} signedOut={signedOut} openDocument={opening} onDocumentOpened={opened} />}
      </main>
    </>
  );
}
