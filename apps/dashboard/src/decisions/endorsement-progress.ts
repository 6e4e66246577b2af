/** The active partners who have not endorsed yet, in the firm's member order: who the lock still waits for. */
export function stillToEndorse<M extends { id: string; role: string }>(members: readonly M[], endorsements: ReadonlyArray<{ member: { id: string } }>): M[] {
  const endorsed = new Set(endorsements.map((endorsement) => endorsement.member.id));
  return members.filter((member) => member.role === 'PARTNER' && !endorsed.has(member.id));
}

export function activePartnerCount(members: ReadonlyArray<{ role: string }>): number {
  return members.filter((member) => member.role === 'PARTNER').length;
}
