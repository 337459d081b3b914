import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { PortalMe } from '../shared/api.js';
import { useBusy } from '../shared/forms.js';
import { Activate } from './Activate.js';
import { api } from './api.js';
import { Home } from './Home.js';
import { Login } from './Login.js';

type View = 'loading' | 'activate' | 'login' | 'home';

/** The client portal: activation, sign-in, and the signed-in home. */
export function App() {
  // The activation token travels in the fragment, so it never reaches a server log.
  const token = useMemo(() => new URLSearchParams(location.hash.slice(1)).get('token'), []);
  const [view, setView] = useState<View>('loading');
  const [notice, setNotice] = useState('');
  const [me, setMe] = useState<PortalMe | null>(null);
  // Each sign-in starts a fresh home: forms, notices and the open request are those of the new session.
  const [session, setSession] = useState(0);
  const [signingOut, run] = useBusy();

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
        {view === 'home' && me && <Home key={session} me={me} signedOut={signedOut} />}
      </main>
    </>
  );
}
