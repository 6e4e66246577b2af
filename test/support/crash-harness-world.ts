/** What the clients know of the firms they created: enough to send mutations the server accepts. */
export interface KnownMember {
  id: string;
  token: string;
  role: 'PARTNER' | 'FACILITATOR' | 'AUDITOR' | 'VIEWER';
}

export interface KnownFirm {
  id: string;
  founderToken: string;
  partners: KnownMember[];
  facilitators: KnownMember[];
  /**
   * False once a change to its partners was lost in a crash: the firm may have a partner nobody
   * knows the token of, so checks and decisions there cannot be completed. It gets no new work.
   */
  usable: boolean;
  /** Open or deferred disagreements no proposal names yet. */
  unclaimedDisagreements: string[];
  /** Locked decisions no proposal supersedes yet. */
  unclaimedLocked: string[];
}

export class World {
  readonly firms: KnownFirm[] = [];
  /** Disagreements some proposal names: no other may name them too. */
  readonly claimedDisagreements = new Set<string>();
  private created = 0;

  nextFirmNumber(): number {
    return ++this.created;
  }

  usableFirms(): KnownFirm[] {
    return this.firms.filter((firm) => firm.usable);
  }
}

/** Removes and returns up to `count` items, chosen by `index`. */
export function claim<T>(items: T[], count: number, index: (length: number) => number): T[] {
  const taken: T[] = [];
  while (taken.length < count && items.length > 0) taken.push(...items.splice(index(items.length), 1));
  return taken;
}
