import type { UserRef } from '@parley/protocol';

/** Agents and admins: the staff side, who see every query and write internal notes. */
export function isStaff(user: Pick<UserRef, 'role'>): boolean {
  return user.role === 'agent' || user.role === 'admin';
}
