import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { apiError } from '../graphql/errors';
import { SUBMIT_ANSWER, type CheckAnswer, type CheckQuestion } from './check-queries';
import { vagueTermsOf } from './check-view';

interface Props {
  checkId: string;
  question: CheckQuestion;
  /** The caller's own saved answer (before the reveal the server sends no other). */
  saved: CheckAnswer | undefined;
}

/** One question's blind answer: saved sealed, revisable until the reveal, refused when it is only abstract words. */
export function AnswerForm({ checkId, question, saved }: Props) {
  const [text, setText] = useState(saved?.text ?? '');
  // Answered from another tab or device: follow the saved text unless the box holds unsaved edits.
  const [base, setBase] = useState(saved?.text ?? '');
  if ((saved?.text ?? '') !== base) {
    if (text === base) setText(saved?.text ?? '');
    setBase(saved?.text ?? '');
  }
  const [state, submit] = useMutation<{ submitAnswer: CheckAnswer }>(SUBMIT_ANSWER);
  const [justSaved, setJustSaved] = useState<CheckAnswer | undefined>();
  const problem = apiError(state.error);
  const id = `answer-${question.key}`;
  const invalid = problem?.code === 'VAGUE_ANSWER' || problem?.code === 'BAD_USER_INPUT';
  // The warning survives a reload: the saved answer carries its own vague terms.
  const warning = (justSaved ?? saved)?.vagueTerms ?? [];
  const described = [`${id}-hint`, problem && `${id}-problem`, !problem && warning.length > 0 && `${id}-warning`].filter(Boolean).join(' ');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setJustSaved(undefined);
    const result = await submit({ checkId, questionKey: question.key, text });
    if (result.data) setJustSaved(result.data.submitAnswer);
  };

  return (
    <form className="answer-form" onSubmit={save} noValidate aria-label={`Your answer: ${question.prompt}`}>
      <label htmlFor={id}>{question.prompt}</label>
      <textarea id={id} value={text} onChange={(event) => setText(event.target.value)} aria-invalid={invalid || undefined} aria-describedby={described} />
      <p id={`${id}-hint`} className="hint">
        {saved ? 'Saved and sealed: nobody sees it before the reveal. You can revise it until then.' : 'Not answered yet. Nobody sees your answer before the reveal.'}
      </p>
      {problem && (
        <p id={`${id}-problem`} className="error" role="alert">
          {problem.code === 'VAGUE_ANSWER' ? vagueMessage(vagueTermsOf(problem.extensions), problem.message) : problem.message}{' '}
          <span className="code">({problem.code})</span>
        </p>
      )}
      {!problem && warning.length > 0 && (
        <p id={`${id}-warning`} className="notice">
          These words are abstract: {warning.join(', ')}. Say concretely what you mean.
        </p>
      )}
      <div className="answer-actions">
        <button type="submit" disabled={state.fetching}>
          {state.fetching ? 'Saving…' : 'Save answer'}
        </button>
        <span role="status" className="muted">
          {justSaved && !state.fetching ? 'Answer saved.' : ''}
        </span>
      </div>
    </form>
  );
}

function vagueMessage(terms: string[], fallback: string): string {
  if (terms.length === 0) return fallback;
  return `This answer is only abstract words (${terms.join(', ')}). Say concretely what you mean: what would a client notice?`;
}
