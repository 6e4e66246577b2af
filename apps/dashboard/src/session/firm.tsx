import { createContext, useContext, type ReactNode } from 'react';
import { useLiveQuery } from '../graphql/use-live-query';
import { ErrorNotice, Loading } from '../ui/notices';
import { useSession, type Role } from './session';

export interface Firm {
  id: string;
  name: string;
  kind: string;
  foundedAt: string;
  cadenceDays: number;
  lastCheckClosedAt: string | null;
  nextCheckDue: string | null;
  overdue: boolean;
  members: Array<{ id: string; name: string; role: Role }>;
  questions: Array<{ key: string; prompt: string }>;
}

const FIRM = `query Firm($id: ID!) {
  firm(id: $id) { id name kind foundedAt cadenceDays lastCheckClosedAt nextCheckDue overdue
    members { id name role } questions { key prompt } }
}`;

const FirmContext = createContext<Firm | undefined>(undefined);

/** The signed-in member's firm: its members, question set and cadence. */
export function useFirm(): Firm {
  const firm = useContext(FirmContext);
  if (!firm) throw new Error('useFirm outside <FirmProvider>');
  return firm;
}

export function FirmProvider({ children }: { children: ReactNode }) {
  const { me, signOut } = useSession();
  // Members, question set, cadence and the last closed check all change through events of the firm's
  // own stream or a check's closing.
  const [{ data, error, fetching }, refetch] = useLiveQuery<{ firm: Firm }>(
    { query: FIRM, variables: { id: me.firmId } },
    (event) => event.streamId === `firm-${me.firmId}` || event.type === 'CheckClosed',
  );
  if (data?.firm) return <FirmContext.Provider value={data.firm}>{children}</FirmContext.Provider>;
  if (fetching) return <Loading what="your firm" />;
  // Never a dead end: say what failed, and offer to try again or to sign out.
  return (
    <main id="main" className="sign-in">
      <h1>Accord</h1>
      {error ? <ErrorNotice error={error} what="The firm could not be loaded" /> : <p className="error">Your firm could not be found.</p>}
      <button type="button" onClick={() => refetch({ requestPolicy: 'network-only' })}>
        Try again
      </button>{' '}
      <button type="button" className="secondary" onClick={() => signOut()}>
        Sign out
      </button>
    </main>
  );
}
