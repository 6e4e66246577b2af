import { useFirm } from '../session/firm';
import { useLiveQuery } from '../graphql/use-live-query';
import { ErrorNotice, Loading } from '../ui/notices';
import { AlignedDefinitions, type AlignedDefinition } from './aligned-definitions';
import { AlignmentChart } from './alignment-chart';
import type { CheckScore } from './alignment-points';
import { ConflictDebtSection, type DebtNow } from './conflict-debt';
import { DisagreementBars } from './disagreement-bars';
import { LatestVerdict } from './latest-verdict';
import { OverdueBanner } from './overdue-banner';
import { ALIGNED_DEFINITIONS, ALIGNMENT_HISTORY, changesDebt, changesDefinitions, changesHistory, CONFLICT_DEBT } from './queries';
import './overview.css';

/** The firm at a glance: latest verdict, alignment over time, conflict debt and what was agreed. Live. */
export function OverviewPage() {
  const firm = useFirm();
  const variables = { firmId: firm.id };
  const [history] = useLiveQuery<{ alignmentHistory: CheckScore[] }>({ query: ALIGNMENT_HISTORY, variables }, changesHistory);
  const [debt] = useLiveQuery<{ conflictDebt: DebtNow }>({ query: CONFLICT_DEBT, variables }, changesDebt);
  const [definitions] = useLiveQuery<{ alignedDefinitions: AlignedDefinition[] }>({ query: ALIGNED_DEFINITIONS, variables }, changesDefinitions);
  const checks = history.data?.alignmentHistory;
  return (
    <div className="overview">
      <h1>Overview</h1>
      <OverdueBanner />
      <div className="grid">
        {checks ? <LatestVerdict latest={checks[checks.length - 1]} /> : <Pending fetching={history.fetching} error={history.error} what="the alignment history" />}
        {checks && <AlignmentChart history={checks} />}
        {debt.data ? (
          <>
            <ConflictDebtSection firmId={firm.id} foundedAt={firm.foundedAt} debt={debt.data.conflictDebt} />
            <DisagreementBars items={debt.data.conflictDebt.items} />
          </>
        ) : (
          <Pending fetching={debt.fetching} error={debt.error} what="the conflict debt" />
        )}
        {definitions.data ? (
          <AlignedDefinitions definitions={definitions.data.alignedDefinitions} questions={firm.questions} />
        ) : (
          <Pending fetching={definitions.fetching} error={definitions.error} what="the aligned definitions" />
        )}
      </div>
    </div>
  );
}

function Pending({ fetching, error, what }: { fetching: boolean; error: Parameters<typeof ErrorNotice>[0]['error']; what: string }) {
  return <section>{fetching ? <Loading what={what} /> : <ErrorNotice error={error} what={`Could not load ${what}`} />}</section>;
}
