import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { apiError } from '../graphql/errors';
import { useFirm } from '../session/firm';
import { useSession } from '../session/session';
import { ErrorNotice, Loading } from '../ui/notices';
import { LAYERS, titleCase, type Layer } from '../ui/vocabulary';
import { EMPTY_FIELDS, fieldOfError, proposeInput, type ProposeField, type ProposeFields } from './propose-input';
import './decisions.css';

const CHOICES = `query ProposeChoices($firmId: ID!) {
  disagreements(firmId: $firmId) { id topic layer status questionKey }
  decisions(firmId: $firmId, status: LOCKED) { id title }
}`;

const PROPOSE = `mutation ProposeDecision($firmId: ID!, $input: ProposeDecisionInput!) {
  proposeDecision(firmId: $firmId, input: $input) { id }
}`;

interface Choices {
  disagreements: Array<{ id: string; topic: string; layer: Layer; status: string; questionKey: string | null }>;
  decisions: Array<{ id: string; title: string }>;
}

type FieldErrors = Partial<Record<ProposeField, string>>;

/** A partner's proposal; `?resolves=<disagreementId>` arrives ticked (from a disagreement's page or the overview). */
export function ProposeDecisionPage() {
  const { me } = useSession();
  if (me.role !== 'PARTNER') {
    return (
      <section>
        <h1>Propose a decision</h1>
        <p className="notice">Only partners propose decisions. <Link to="/decisions">Back to the decision log</Link>.</p>
      </section>
    );
  }
  return <ProposeForm />;
}

function ProposeForm() {
  const firm = useFirm();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const prefill = params.get('resolves');
  const [fields, setFields] = useState<ProposeFields>(() => ({ ...EMPTY_FIELDS, resolves: prefill ? [prefill] : [] }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [choices] = useQuery<Choices>({ query: CHOICES, variables: { firmId: firm.id }, requestPolicy: 'network-only' });
  const [proposal, propose] = useMutation<{ proposeDecision: { id: string } }>(PROPOSE);
  const [failure, setFailure] = useState(proposal.error);

  const open = (choices.data?.disagreements ?? []).filter((disagreement) => disagreement.status !== 'RESOLVED');
  // A prefilled disagreement also suggests the layer and question, which the partner may change.
  const prefilled = open.find((disagreement) => disagreement.id === prefill);
  useEffect(() => {
    if (!prefilled) return;
    setFields((current) => ({
      ...current,
      layer: current.layer || prefilled.layer,
      questionKey: current.questionKey || (firm.questions.some((q) => q.key === prefilled.questionKey) ? (prefilled.questionKey ?? '') : ''),
    }));
  }, [prefilled, firm.questions]);

  const set = <K extends ProposeField>(name: K, value: ProposeFields[K]) => setFields((current) => ({ ...current, [name]: value }));
  const toggle = (id: string, on: boolean) =>
    setFields((current) => ({ ...current, resolves: on ? [...current.resolves, id] : current.resolves.filter((other) => other !== id) }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    if (!fields.layer) return setErrors({ layer: 'Choose the layer the decision belongs to.' });
    setErrors({});
    // Only disagreements the form shows a tick for: a stale `?resolves=` link must not send a hidden one.
    const resolves = fields.resolves.filter((id) => open.some((disagreement) => disagreement.id === id));
    const result = await propose({ firmId: firm.id, input: proposeInput({ ...fields, resolves, layer: fields.layer }) });
    const problem = apiError(result.error);
    if (result.data?.proposeDecision) return navigate(`/decisions/${result.data.proposeDecision.id}`);
    const field = problem?.code === 'BAD_USER_INPUT' ? fieldOfError(problem.extensions) : undefined;
    if (field && problem) setErrors({ [field]: `${problem.message} (${problem.code})` });
    else setFailure(result.error);
  }

  return (
    <section>
      <h1>Propose a decision</h1>
      <p className="hint">It locks once every active partner endorsed it, you included: proposing is not endorsing.</p>
      <form className="propose-form" onSubmit={submit} noValidate>
        <Field name="title" label="Title" error={errors.title}>
          {(props) => <input type="text" {...props} value={fields.title} onChange={(e) => set('title', e.target.value)} />}
        </Field>
        <Field name="outcome" label="What outcome are we optimizing for?" hint="Mandatory: the result the firm wants, in concrete words." error={errors.outcome}>
          {(props) => <textarea {...props} aria-required="true" value={fields.outcome} onChange={(e) => set('outcome', e.target.value)} />}
        </Field>
        <Field name="chosenAnswer" label="Chosen answer" error={errors.chosenAnswer}>
          {(props) => <textarea {...props} value={fields.chosenAnswer} onChange={(e) => set('chosenAnswer', e.target.value)} />}
        </Field>
        <Field name="alternatives" label="Alternatives rejected" hint="One per line; leave empty if there was no rival." error={errors.alternatives}>
          {(props) => <textarea {...props} value={fields.alternatives} onChange={(e) => set('alternatives', e.target.value)} />}
        </Field>
        <Field name="rationale" label="Rationale" error={errors.rationale}>
          {(props) => <textarea {...props} rows={5} value={fields.rationale} onChange={(e) => set('rationale', e.target.value)} />}
        </Field>
        <Field name="layer" label="Layer" error={errors.layer}>
          {(props) => (
            <select {...props} value={fields.layer} onChange={(e) => set('layer', e.target.value as Layer | '')}>
              <option value="">Choose a layer</option>
              {LAYERS.map((layer) => (
                <option key={layer} value={layer}>
                  {titleCase(layer)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="questionKey" label="Question it defines (optional)" hint="Its chosen answer becomes the question's aligned definition once locked." error={errors.questionKey}>
          {(props) => (
            <select {...props} value={fields.questionKey} onChange={(e) => set('questionKey', e.target.value)}>
              <option value="">None</option>
              {firm.questions.map((question) => (
                <option key={question.key} value={question.key}>
                  {question.prompt}
                </option>
              ))}
            </select>
          )}
        </Field>
        {choices.error && <ErrorNotice error={choices.error} what="The disagreements and decisions to choose from could not be loaded" />}
        {!choices.data && choices.fetching && <Loading what="open disagreements and locked decisions" />}
        {choices.data && (
          <>
            <fieldset>
              <legend>Disagreements it resolves</legend>
              {open.length === 0 && <p className="muted">No open or deferred disagreement.</p>}
              {open.map((disagreement) => (
                <label key={disagreement.id} className="checkbox">
                  <input type="checkbox" checked={fields.resolves.includes(disagreement.id)} onChange={(e) => toggle(disagreement.id, e.target.checked)} />
                  <span>
                    {disagreement.topic} <span className="muted">({titleCase(disagreement.layer)}{disagreement.status === 'DEFERRED' ? ', deferred' : ''})</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <Field name="supersedes" label="Supersedes (optional)" hint="A locked decision this one replaces once it locks." error={errors.supersedes}>
              {(props) => (
                <select {...props} value={fields.supersedes} onChange={(e) => set('supersedes', e.target.value)}>
                  <option value="">Nothing</option>
                  {choices.data!.decisions.map((decision) => (
                    <option key={decision.id} value={decision.id}>
                      {decision.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        <ErrorNotice error={failure} what="The decision was not proposed" />
        <div className="actions">
          <button type="submit" disabled={proposal.fetching}>
            {proposal.fetching ? 'Proposing…' : 'Propose decision'}
          </button>
          <Link to="/decisions">Cancel</Link>
        </div>
      </form>
    </section>
  );
}

interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled control with its hint and its own error under it, tied together for screen readers. */
function Field({ name, label, hint, error, children }: { name: string; label: string; hint?: string; error?: string; children: (props: ControlProps) => ReactNode }) {
  const id = `${useId()}-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': described })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
