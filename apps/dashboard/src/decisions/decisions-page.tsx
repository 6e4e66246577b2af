import { Link, useSearchParams } from 'react-router';
import { useLiveQuery } from '../graphql/use-live-query';
import { useFirm } from '../session/firm';
import { useSession } from '../session/session';
import { DataTable } from '../ui/data-table';
import { formatDateTime } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { LAYERS, titleCase, type Layer } from '../ui/vocabulary';
import { DECISION_STATUSES, ofLayer, readFilters, withFilter, type DecisionStatus } from './decision-filters';
import { activePartnerCount } from './endorsement-progress';
import { LayerBadge, StatusBadge } from './status-badge';
import './decisions.css';

const DECISIONS = `query Decisions($firmId: ID!, $status: DecisionStatus) {
  decisions(firmId: $firmId, status: $status) { id title layer status proposedAt lockedAt proposedBy { name } endorsements { member { id } } }
}`;

interface LoggedDecision {
  id: string;
  title: string;
  layer: Layer;
  status: DecisionStatus;
  proposedAt: string;
  lockedAt: string | null;
  proposedBy: { name: string };
  endorsements: Array<{ member: { id: string } }>;
}

/** The firm's decision log, filtered by layer and status; the filters live in the address so a link keeps them. */
export function DecisionsPage() {
  const { me } = useSession();
  const firm = useFirm();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [{ data, error, fetching }] = useLiveQuery<{ decisions: LoggedDecision[] }>(
    { query: DECISIONS, variables: { firmId: firm.id, status: filters.status ?? null } },
    (event) => event.streamId.startsWith('decision-'),
  );
  const shown = ofLayer(data?.decisions ?? [], filters.layer);
  const partners = activePartnerCount(firm.members);

  return (
    <>
      <div className="page-head">
        <h1>Decisions</h1>
        {me.role === 'PARTNER' && (
          <Link className="button" to="/decisions/new">
            Propose a decision
          </Link>
        )}
      </div>
      <section aria-labelledby="decision-log">
        <h2 id="decision-log">Decision log</h2>
        <form className="decision-filters" role="search" aria-label="Filter decisions" onSubmit={(event) => event.preventDefault()}>
          <div>
            <label htmlFor="decision-layer">Layer</label>
            <select id="decision-layer" value={filters.layer ?? ''} onChange={(event) => setParams(withFilter(params, 'layer', event.target.value), { replace: true })}>
              <option value="">All layers</option>
              {LAYERS.map((layer) => (
                <option key={layer} value={layer}>
                  {titleCase(layer)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="decision-status">Status</label>
            <select id="decision-status" value={filters.status ?? ''} onChange={(event) => setParams(withFilter(params, 'status', event.target.value), { replace: true })}>
              <option value="">All statuses</option>
              {DECISION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {titleCase(status)}
                </option>
              ))}
            </select>
          </div>
        </form>
        <ErrorNotice error={error} what="The decisions could not be loaded" />
        {!data && fetching && <Loading what="the decisions" />}
        {data && (
          <>
            <p className="muted" role="status">
              {shown.length === 1 ? '1 decision' : `${shown.length} decisions`}
              {filters.layer || filters.status ? ' match the filters.' : ' in the log.'}
            </p>
            {shown.length > 0 && (
              <DataTable columns={['Decision', 'Layer', 'Status', 'Proposed', 'Locked', 'Endorsements']} className="decision-log">
                {shown.map((decision) => (
                  <tr key={decision.id}>
                    <th scope="row">
                      <Link to={`/decisions/${decision.id}`}>{decision.title}</Link>
                    </th>
                    <td>
                      <LayerBadge layer={decision.layer} />
                    </td>
                    <td>
                      <StatusBadge status={decision.status} />
                    </td>
                    <td>
                      {decision.proposedBy.name}, {formatDateTime(decision.proposedAt)}
                    </td>
                    <td>{decision.lockedAt ? formatDateTime(decision.lockedAt) : 'Not yet'}</td>
                    <td>
                      {/* Today's partners are the bar only while it waits; a locked one had every partner of its day. */}
                      {decision.status === 'PROPOSED' ? `${decision.endorsements.length} of ${partners} partners` : `${decision.endorsements.length}, all partners`}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </>
        )}
      </section>
    </>
  );
}
