import type { Actor } from '../shared/command-meta';
import type { Role } from '../shared/vocabulary';

/** Fixtures for specs: actors and fixed instants, so no spec reads a clock. */
export const member = (memberId: string, role: Role): Actor => ({ kind: 'member', memberId, role });
export const partner = (memberId: string): Actor => member(memberId, 'PARTNER');
export const facilitator = (memberId: string): Actor => member(memberId, 'FACILITATOR');
export const auditor = (memberId: string): Actor => member(memberId, 'AUDITOR');
export const viewer = (memberId: string): Actor => member(memberId, 'VIEWER');

export const T0 = '2025-01-06T09:00:00.000Z';
export const T1 = '2025-01-06T09:05:00.000Z';
export const T2 = '2025-01-06T09:10:00.000Z';
export const T3 = '2025-01-06T09:15:00.000Z';
