import { Link } from 'react-router';
import { useQuery } from 'urql';
import { formatDate } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import type { DecisionStatus } from './decision-filters';
import { StatusBadge } from './status-badge';

const LINK = `query SupersededDecision($id: ID!) {
  decision(id: $id) { id title status lockedAt supersededAt supersedes { id title } }
}`;

interface ChainLinkData {
  id: string;
  title: string;
  status: DecisionStatus;
  lockedAt: string | null;
  supersededAt: string | null;
  supersedes: { id: string; title: string } | null;
}

/** A chain is never this long in practice; the bound keeps a corrupted cycle from looping for ever. */
const MAX_LINKS = 50;

/**
 * The decisions this one replaced, newest to oldest. Each link asks for its own older decision by id,
 * so the chain is followed to its start however long it is, without one deep query.
 */
export function SupersedesChain({ first }: { first: { id: string; title: string } | null }) {
  return (
    <section aria-labelledby="chain-heading">
      <h2 id="chain-heading">What it supersedes</h2>
      {first ? (
        <ol aria-label="Superseded decisions, newest first">
          <ChainLink id={first.id} seen={[]} />
        </ol>
      ) : (
        <p className="muted">It replaces no earlier decision.</p>
      )}
    </section>
  );
}

function ChainLink({ id, seen }: { id: string; seen: string[] }) {
  const [{ data, error, fetching }] = useQuery<{ decision: ChainLinkData | null }>({ query: LINK, variables: { id } });
  const decision = data?.decision;
  if (!decision) {
    return <li>{fetching ? <Loading what="an older decision" /> : <ErrorNotice error={error} what="An older decision could not be loaded" />}</li>;
  }
  const next = decision.supersedes && !seen.includes(decision.supersedes.id) && seen.length < MAX_LINKS ? decision.supersedes.id : undefined;
  return (
    <>
      <li>
        <Link to={`/decisions/${decision.id}`}>{decision.title}</Link> <StatusBadge status={decision.status} />
        <span className="muted">
          {' '}
          locked {formatDate(decision.lockedAt)}
          {decision.supersededAt && `, superseded ${formatDate(decision.supersededAt)}`}
        </span>
      </li>
      {next && <ChainLink id={next} seen={[...seen, id]} />}
    </>
  );
}
