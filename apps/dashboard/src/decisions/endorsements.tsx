import { useMutation } from 'urql';
import { useFirm } from '../session/firm';
import { useSession } from '../session/session';
import { formatDateTime } from '../ui/format';
import { ErrorNotice } from '../ui/notices';
import type { DecisionStatus } from './decision-filters';
import { stillToEndorse } from './endorsement-progress';

const ENDORSE = `mutation EndorseDecision($id: ID!) { endorseDecision(decisionId: $id) { id status lockedAt } }`;

interface Props {
  decisionId: string;
  status: DecisionStatus;
  endorsements: Array<{ member: { id: string; name: string }; at: string }>;
}

/** Who endorsed and when, who the lock still waits for, and the partner's own Endorse button. */
export function Endorsements({ decisionId, status, endorsements }: Props) {
  const { me } = useSession();
  const firm = useFirm();
  const [endorsing, endorse] = useMutation(ENDORSE);
  const missing = status === 'PROPOSED' ? stillToEndorse(firm.members, endorsements) : [];
  const canEndorse = me.role === 'PARTNER' && status === 'PROPOSED' && missing.some((member) => member.id === me.id);
  return (
    <section aria-labelledby="endorsements-heading">
      <h2 id="endorsements-heading">Endorsements</h2>
      {endorsements.length === 0 ? (
        <p>Nobody has endorsed it yet.</p>
      ) : (
        <ul aria-label="Endorsed by">
          {endorsements.map((endorsement) => (
            <li key={endorsement.member.id}>
              {endorsement.member.name}, {formatDateTime(endorsement.at)}
            </li>
          ))}
        </ul>
      )}
      {status === 'PROPOSED' && missing.length > 0 && (
        <p>
          <strong>Still to endorse:</strong> {missing.map((member) => member.name).join(', ')}.
        </p>
      )}
      {status !== 'PROPOSED' && <p className="muted">Every active partner endorsed it, so it locked.</p>}
      {canEndorse && (
        <button type="button" disabled={endorsing.fetching} onClick={() => void endorse({ id: decisionId })}>
          {endorsing.fetching ? 'Endorsing…' : 'Endorse'}
        </button>
      )}
      <ErrorNotice error={endorsing.error} what="Your endorsement was not recorded" />
    </section>
  );
}
