import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useLiveQuery } from '../graphql/use-live-query';
import { useSession } from '../session/session';
import { DataTable } from '../ui/data-table';
import { formatDateTime } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { titleCase } from '../ui/vocabulary';
import { CHECKS, OPEN_CHECK, type CheckSummary } from './check-queries';
import { STATUS_LABEL } from './check-view';
import { VerdictBadge } from './verdict-badge';
import './checks.css';

/** The firm's alignment checks, newest first, and for those who run checks a way to open one. */
export function ChecksPage() {
  const { me } = useSession();
  const [{ data, error, fetching }] = useLiveQuery<{ checks: CheckSummary[] }>(
    { query: CHECKS, variables: { firmId: me.firmId } },
    (event) => event.streamId.startsWith('check-'),
  );
  const runsChecks = me.role === 'PARTNER' || me.role === 'FACILITATOR';
  return (
    <section aria-labelledby="checks-title">
      <div className="checks-heading">
        <h1 id="checks-title">Alignment checks</h1>
        {runsChecks && <OpenCheckButton firmId={me.firmId} />}
      </div>
      <p className="hint">
        Each partner answers the same questions blind; the answers are revealed together, judged, and scored.
      </p>
      <ErrorNotice error={error} what="The checks could not be loaded" />
      {!data && fetching && <Loading what="the checks" />}
      {data && data.checks.length === 0 && <p className="muted">No check yet.</p>}
      {data && data.checks.length > 0 && <ChecksTable checks={data.checks} />}
    </section>
  );
}

function OpenCheckButton({ firmId }: { firmId: string }) {
  const navigate = useNavigate();
  const [state, openCheck] = useMutation<{ openCheck: { id: string } }>(OPEN_CHECK);
  const open = async () => {
    const result = await openCheck({ firmId });
    if (result.data) navigate(`/checks/${result.data.openCheck.id}`);
  };
  return (
    <div>
      <button type="button" onClick={open} disabled={state.fetching}>
        {state.fetching ? 'Opening…' : 'Open a check'}
      </button>
      <ErrorNotice error={state.error} what="The check could not be opened" />
    </div>
  );
}

function ChecksTable({ checks }: { checks: CheckSummary[] }) {
  return (
    <DataTable columns={['Opened', 'Status', 'Result']} caption="The firm's checks, newest first">
      {checks.map((check) => (
        <tr key={check.id}>
          <td>
            <Link to={`/checks/${check.id}`}>Check of {formatDateTime(check.openedAt)}</Link>
          </td>
          <td>{STATUS_LABEL[check.status] ?? titleCase(check.status)}</td>
          <td>
            {check.status === 'CLOSED' && check.verdict ? (
              <>
                <VerdictBadge verdict={check.verdict} /> {check.score} of {check.outOf} matched
              </>
            ) : (
              <span className="muted">—</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
