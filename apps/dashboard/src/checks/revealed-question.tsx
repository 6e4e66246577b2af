import type { CSSProperties } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../ui/notices';
import { JUDGE_QUESTION, type CheckQuestion, type Judgement, type Person } from './check-queries';
import { JUDGEMENT_LABEL, suggestionText } from './check-view';

interface Props {
  checkId: string;
  question: CheckQuestion;
  participants: Person[];
  canJudge: boolean;
}

/** After the reveal: every participant's answer side by side, Accord's suggestion, and the judgement. */
export function RevealedQuestion({ checkId, question, participants, canJudge }: Props) {
  const [state, judge] = useMutation(JUDGE_QUESTION);
  const headingId = `question-${question.key}`;
  const suggestion = suggestionText(question);
  const columns = { '--columns': Math.max(participants.length, 1) } as CSSProperties;
  const record = (judgement: Judgement) => judge({ checkId, questionKey: question.key, judgement });
  return (
    <section aria-labelledby={headingId} className="revealed-question">
      <h2 id={headingId}>{question.prompt}</h2>
      <div className="side-by-side" style={columns}>
        {participants.map((member) => {
          const answer = question.answers.find((candidate) => candidate.member.id === member.id);
          return (
            <div key={member.id} className="revealed-answer">
              <h3>{member.name}</h3>
              {answer ? <p className="answer-text">{answer.text}</p> : <p className="muted">No answer.</p>}
            </div>
          );
        })}
      </div>
      {suggestion && <p>{suggestion}</p>}
      <p>
        Judgement: <strong>{question.judgement ? JUDGEMENT_LABEL[question.judgement] : 'not judged yet'}</strong>
      </p>
      {canJudge && (
        <div role="group" aria-label={`Judge: ${question.prompt}`} className="judge-buttons">
          {(['MATCH', 'MISMATCH'] as const).map((judgement) => (
            <button
              key={judgement}
              type="button"
              className={question.judgement === judgement ? undefined : 'secondary'}
              aria-pressed={question.judgement === judgement}
              disabled={state.fetching}
              onClick={() => record(judgement)}
            >
              {JUDGEMENT_LABEL[judgement]}
            </button>
          ))}
        </div>
      )}
      <ErrorNotice error={state.error} what="The judgement was not recorded" />
    </section>
  );
}
