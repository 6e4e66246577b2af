import { Link, useParams } from 'react-router';
import { useMutation } from 'urql';
import { useLiveQuery } from '../graphql/use-live-query';
import { useSession } from '../session/session';
import { formatDateTime } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { AnswerForm } from './answer-form';
import { CHECK, REVEAL_CHECK, type AlignmentCheck } from './check-queries';
import { CheckResult, CloseCheck } from './check-result';
import { answeredStates, checkActions, STATUS_LABEL } from './check-view';
import { RevealedQuestion } from './revealed-question';
import './checks.css';

/** One alignment check, live: blind answers, the reveal, the judgements and the score. */
export function CheckPage() {
  const { checkId = '' } = useParams();
  const { me } = useSession();
  const [{ data, error, fetching }] = useLiveQuery<{ check: AlignmentCheck | null }>(
    { query: CHECK, variables: { id: checkId } },
    (event) => event.streamId === `check-${checkId}`,
  );
  const check = data?.check;
  if (!check) {
    return (
      <section>
        <h1>Alignment check</h1>
        {fetching && !error && <Loading what="the check" />}
        <ErrorNotice error={error} what="The check could not be loaded" />
        {!fetching && !error && <p>This check does not exist.</p>}
        <p>
          <Link to="/checks">All checks</Link>
        </p>
      </section>
    );
  }
  const isParticipant = check.participants.some(({ id }) => id === me.id);
  const actions = checkActions(me.role, check.status, isParticipant);
  return (
    <div className="check-page">
      <section aria-labelledby="check-title">
        <p className="muted">
          <Link to="/checks">All checks</Link>
        </p>
        <h1 id="check-title">Alignment check of {formatDateTime(check.openedAt)}</h1>
        <p>
          Status: <strong>{STATUS_LABEL[check.status]}</strong>
          {check.revealedAt && <span className="muted"> · revealed {formatDateTime(check.revealedAt)}</span>}
        </p>
        {/* A stale page still says so: a refetch error keeps the last data on screen. */}
        <ErrorNotice error={error} what="The check could not be refreshed" />
        <Participants check={check} myId={me.id} />
      </section>
      {check.status === 'OPEN' ? (
        <SealedQuestions check={check} myId={me.id} canAnswer={actions.answer} />
      ) : (
        check.questions.map((question) => (
          <RevealedQuestion key={question.key} checkId={check.id} question={question} participants={check.participants} canJudge={actions.judge} />
        ))
      )}
      {actions.reveal && <RevealNow checkId={check.id} />}
      {actions.close && <CloseCheck check={check} />}
      {check.status === 'CLOSED' && <CheckResult check={check} />}
    </div>
  );
}

/** Before the reveal it tells who has answered everything, never what. */
function Participants({ check, myId }: { check: AlignmentCheck; myId: string }) {
  const sealed = check.status === 'OPEN';
  return (
    <>
      <h2>Participants</h2>
      <ul className="participants">
        {answeredStates(check.participants, check.answeredBy).map(({ member, answered }) => (
          <li key={member.id}>
            {member.name}
            {member.id === myId && ' (you)'}
            {sealed && (
              <>
                : <span className={answered ? 'answered' : 'muted'}>{answered ? 'answered' : 'not answered yet'}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function SealedQuestions({ check, myId, canAnswer }: { check: AlignmentCheck; myId: string; canAnswer: boolean }) {
  return (
    <section aria-labelledby="questions-title">
      <h2 id="questions-title">{canAnswer ? 'Your answers' : 'Questions'}</h2>
      <p className="hint">
        {canAnswer
          ? 'Answer each question on your own. Nobody sees any answer until the reveal, which happens once everyone has answered every question.'
          : 'The answers stay sealed until the reveal.'}
      </p>
      {canAnswer ? (
        check.questions.map((question) => (
          <AnswerForm key={question.key} checkId={check.id} question={question} saved={question.answers.find(({ member }) => member.id === myId)} />
        ))
      ) : (
        <ol>
          {check.questions.map((question) => (
            <li key={question.key}>{question.prompt}</li>
          ))}
        </ol>
      )}
    </section>
  );
}

function RevealNow({ checkId }: { checkId: string }) {
  const [state, reveal] = useMutation(REVEAL_CHECK);
  return (
    <section aria-labelledby="reveal-title">
      <h2 id="reveal-title">Reveal</h2>
      <p id="reveal-hint" className="hint">
        The check reveals itself once every participant has answered every question. Revealing now unseals the answers given so far; missing ones stay empty.
      </p>
      <button type="button" className="secondary" aria-describedby="reveal-hint" disabled={state.fetching} onClick={() => reveal({ checkId })}>
        {state.fetching ? 'Revealing…' : 'Reveal now'}
      </button>
      <ErrorNotice error={state.error} what="The check was not revealed" />
    </section>
  );
}
