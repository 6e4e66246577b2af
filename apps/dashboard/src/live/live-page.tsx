import { useSession } from '../session/session';
import { AuditFeed } from './audit-feed';
import { DriftHistory } from './drift-history';
import { IntegrityCheck } from './integrity-check';
import './live.css';

/** Drift as it happens and, for partners and auditors, the firm's event log and its integrity. */
export function LivePage() {
  const { me } = useSession();
  const mayAudit = me.role === 'PARTNER' || me.role === 'AUDITOR';
  return (
    <>
      <h1>Live and audit</h1>
      <DriftHistory />
      {mayAudit ? (
        <>
          <AuditFeed />
          <IntegrityCheck />
        </>
      ) : (
        <section aria-labelledby="audit-heading">
          <h2 id="audit-heading">Event log and integrity</h2>
          <p>The firm&apos;s event log and its integrity check are open to partners and auditors only; the server refuses them to other roles.</p>
        </section>
      )}
    </>
  );
}
