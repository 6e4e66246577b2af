import type { Rng } from './crash-harness-rng';

export type FuzzRole = 'PARTNER' | 'FACILITATOR' | 'AUDITOR' | 'VIEWER';

export interface FuzzMember {
  id: string;
  role: FuzzRole;
  token: string;
  active: boolean;
}

export interface FuzzCheck {
  id: string;
  status: 'OPEN' | 'REVEALED' | 'CLOSED';
  keys: string[];
  /** Keys judged so far. */
  judged: string[];
  participantIds: string[];
}

export interface FuzzFirm {
  id: string;
  members: FuzzMember[];
  questionKeys: string[];
  checks: FuzzCheck[];
  disagreements: Array<{ id: string; status: string }>;
  decisions: Array<{ id: string; status: string }>;
}

/** What the server accepted and must show afterwards: a query, the path to the value, and the value. */
export interface Accepted {
  kind: 'firm' | 'check' | 'disagreement' | 'decision' | 'member';
  id: string;
  firmId: string;
  /** Text fields of the result as the mutation returned them. */
  fields: Record<string, unknown>;
}

/**
 * What the fuzzer knows of the server's state, learned only from successful responses: the firms,
 * their members (with tokens) and what they opened, raised and proposed. Generators pick real ids
 * from here so that a good share of mutations change state.
 */
export class FuzzWorld {
  readonly firms: FuzzFirm[] = [];
  readonly accepted: Accepted[] = [];
  /** Tokens of members who were removed: they must no longer work. */
  readonly formerTokens: string[] = [];

  firm(rng: Rng): FuzzFirm | undefined {
    return this.firms.length === 0 ? undefined : rng.pick(this.firms);
  }

  otherFirm(rng: Rng, firm: FuzzFirm): FuzzFirm | undefined {
    const others = this.firms.filter((candidate) => candidate !== firm);
    return others.length === 0 ? undefined : rng.pick(others);
  }

  members(firm: FuzzFirm, ...roles: FuzzRole[]): FuzzMember[] {
    return firm.members.filter((member) => member.active && (roles.length === 0 || roles.includes(member.role)));
  }

  /** Every id the fuzzer has seen, of any kind and any firm: the wrong id for most arguments. */
  anyKnownId(rng: Rng): string | undefined {
    const firm = this.firm(rng);
    if (!firm) return undefined;
    const pool = [
      firm.id,
      ...firm.members.map(({ id }) => id),
      ...firm.checks.map(({ id }) => id),
      ...firm.disagreements.map(({ id }) => id),
      ...firm.decisions.map(({ id }) => id),
    ];
    return rng.pick(pool);
  }

  memberById(id: string): { firm: FuzzFirm; member: FuzzMember } | undefined {
    for (const firm of this.firms) {
      const member = firm.members.find((candidate) => candidate.id === id);
      if (member) return { firm, member };
    }
    return undefined;
  }

  firmOf(id: string): FuzzFirm | undefined {
    return this.firms.find((firm) => firm.id === id);
  }

  checkById(id: string): FuzzCheck | undefined {
    for (const firm of this.firms) {
      const check = firm.checks.find((candidate) => candidate.id === id);
      if (check) return check;
    }
    return undefined;
  }
}
