import { useState } from 'react';
import type { CombinedError } from '@urql/core';
import { useClient } from 'urql';
import { useSession } from '../session/session';
import { ErrorNotice } from '../ui/notices';

interface IntegrityReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  firstBrokenPosition: number | null;
  problems: string[];
}

const VERIFY = `query VerifyIntegrity($firmId: ID!) {
  verifyIntegrity(firmId: $firmId) { ok eventsChecked streamsChecked firstBrokenPosition problems }
}`;

/** Re-reads the firm's streams on the server and checks every hash chain (partners and auditors). */
export function IntegrityCheck() {
  const { me } = useSession();
  const client = useClient();
  const [report, setReport] = useState<IntegrityReport>();
  const [error, setError] = useState<CombinedError>();
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    const result = await client.query<{ verifyIntegrity: IntegrityReport }>(VERIFY, { firmId: me.firmId }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    setError(result.error);
    setReport(result.data?.verifyIntegrity);
  };

  return (
    <section aria-labelledby="integrity-heading">
      <h2 id="integrity-heading">Integrity</h2>
      <p className="hint">Each event carries the hash of the one before it in its stream. Verifying re-reads every stream of the firm and recomputes the chains.</p>
      <button type="button" onClick={() => void verify()} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify integrity'}
      </button>
      <ErrorNotice error={error} what="Integrity could not be verified" />
      <div role="status" className="integrity-report">
        {report ? (
          <>
            <p className={report.ok ? 'integrity-ok' : 'integrity-broken'}>
              {report.ok ? 'Intact: every hash chain checks out.' : 'Not intact: the log does not match its hashes.'}
            </p>
            <dl>
              <dt>Events checked</dt>
              <dd>{report.eventsChecked}</dd>
              <dt>Streams checked</dt>
              <dd>{report.streamsChecked}</dd>
              <dt>First broken position</dt>
              <dd>{report.firstBrokenPosition ?? 'none'}</dd>
            </dl>
            {report.problems.length > 0 ? (
              <>
                <p>Problems:</p>
                <ul>
                  {report.problems.map((problem, index) => (
                    <li key={index}>{problem}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p>No problems found.</p>
            )}
          </>
        ) : null}
      </div>
    </section>
  );
}
