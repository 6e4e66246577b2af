import { Link } from 'react-router';
import { formatDate } from '../ui/format';

export interface AlignedDefinition {
  questionKey: string;
  answer: string;
  outcome: string;
  lockedAt: string;
  decision: { id: string; title: string };
}

/** The answers the partners agreed on, each with the decision that locked it. */
export function AlignedDefinitions({ definitions, questions }: { definitions: readonly AlignedDefinition[]; questions: ReadonlyArray<{ key: string; prompt: string }> }) {
  const promptOf = (key: string) => questions.find((question) => question.key === key)?.prompt ?? key;
  return (
    <section aria-labelledby="definitions-heading">
      <h2 id="definitions-heading">Aligned definitions</h2>
      {definitions.length === 0 ? (
        <p>No question has an agreed answer yet. A decision that names a question gives it one once every partner endorses it.</p>
      ) : (
        <ul className="definitions">
          {definitions.map((definition) => (
            <li key={definition.questionKey} data-testid="definition">
              <h3>{promptOf(definition.questionKey)}</h3>
              <p className="definition-answer">{definition.answer}</p>
              <p className="muted">
                Locked {formatDate(definition.lockedAt)} by <Link to={`/decisions/${definition.decision.id}`}>{definition.decision.title}</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
