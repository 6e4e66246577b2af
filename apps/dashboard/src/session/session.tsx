import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createClients, graphqlHttpUrl, type AccordClients } from '../graphql/client';
import { forgetToken, storedToken, storeToken } from './token-storage';

export type Role = 'PARTNER' | 'FACILITATOR' | 'AUDITOR' | 'VIEWER';

export interface Me {
  id: string;
  name: string;
  role: Role;
  firmId: string;
}

export interface Session {
  me: Me;
  token: string;
  clients: AccordClients;
  signOut(reason?: string): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** The signed-in member; only rendered under <SessionGate>, so it is always there. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

const ME = 'query Me { me { id name role firmId } }';

/** Who a token belongs to, asked over plain HTTP before any client is built for it; `unreachable` when the server could not be asked. */
export async function whoIs(token: string): Promise<{ me?: Me; problem?: string; unreachable?: boolean }> {
  try {
    const response = await fetch(graphqlHttpUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: ME }),
    });
    const body = (await response.json()) as { data?: { me: Me | null }; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    if (body.errors?.length) {
      const code = body.errors[0].extensions?.code;
      if (code === 'UNAUTHENTICATED') return { problem: 'That token is not valid: it may have been rotated or revoked.' };
      // Anything else (too many requests, a server fault) says nothing about the token: keep it.
      return { problem: `${body.errors[0].message} (${code ?? 'INTERNAL'})`, unreachable: true };
    }
    return body.data?.me ? { me: body.data.me } : { problem: 'That token is not valid.' };
  } catch {
    return { problem: 'The server cannot be reached.', unreachable: true };
  }
}

interface SessionGateProps {
  signedOut: (props: { signIn(token: string, me: Me): void; notice?: string }) => ReactNode;
  children: ReactNode;
}

/** Renders `children` for a signed-in member and `signedOut` otherwise; restores the tab's session on load. */
export function SessionGate({ signedOut, children }: SessionGateProps) {
  const [state, setState] = useState<{ token: string; me: Me } | 'checking' | 'unreachable' | undefined>(() => (storedToken() ? 'checking' : undefined));
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    if (state !== 'checking') return;
    const token = storedToken();
    if (!token) return setState(undefined);
    let current = true;
    void whoIs(token).then(({ me, problem, unreachable }) => {
      if (!current) return;
      if (me) setState({ token, me });
      else if (unreachable) setState('unreachable');
      else {
        forgetToken();
        setNotice(problem);
        setState(undefined);
      }
    });
    return () => {
      current = false;
    };
  }, [state]);

  // Offline is not signed out: the tab keeps its token and asks again, on this screen, when the network
  // returns or every 5 s.
  useEffect(() => {
    if (state !== 'unreachable') return;
    const token = storedToken();
    const retry = () => {
      if (!token) return setState(undefined);
      void whoIs(token).then(({ me, problem, unreachable }) => {
        if (me) setState({ token, me });
        else if (!unreachable) {
          forgetToken();
          setNotice(problem);
          setState(undefined);
        }
      });
    };
    const timer = setInterval(retry, 5000);
    window.addEventListener('online', retry);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', retry);
    };
  }, [state]);

  const signOut = useCallback((reason?: string) => {
    forgetToken();
    setNotice(reason);
    setState(undefined);
  }, []);

  const signIn = useCallback((token: string, me: Me) => {
    storeToken(token);
    setNotice(undefined);
    setState({ token, me });
  }, []);

  const signedIn = typeof state === 'object' ? state : undefined;
  // One pair of clients per signed-in token, made and disposed by the same effect (so React's
  // StrictMode re-run in development gets a live pair, not a disposed one).
  const [made, setMade] = useState<{ token: string; clients: AccordClients }>();
  useEffect(() => {
    if (!signedIn) return setMade(undefined);
    const { token } = signedIn;
    const clients = createClients(token, () => {
      // A late close of an earlier member's socket must not sign out whoever is signed in now.
      if (storedToken() === token) signOut('Your token no longer works here: it was rotated or revoked, or your role changed. Sign in again.');
    });
    setMade({ token, clients });
    return () => void clients.ws.dispose();
  }, [signedIn, signOut]);
  const clients = made && signedIn && made.token === signedIn.token ? made.clients : undefined;

  if (state === 'checking') return <p className="loading" role="status">Signing in…</p>;
  if (state === 'unreachable')
    return (
      <main id="main" className="sign-in">
        <h1>Accord</h1>
        <p className="notice" role="status">
          The server cannot be reached, so nothing can be shown yet. You are still signed in in this tab; the page carries on by
          itself when the connection returns.
        </p>
        <button type="button" className="secondary" onClick={() => signOut()}>
          Sign out
        </button>
      </main>
    );
  if (!signedIn) return <>{signedOut({ signIn, notice })}</>;
  if (!clients) return <p className="loading" role="status">Signing in…</p>;
  const session: Session = { ...signedIn, clients, signOut };
  return (
    <SessionContext.Provider value={session}>
      <UrqlProvider value={clients.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}
