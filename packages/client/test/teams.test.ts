/** Teams through the SDK: an admin sets one up, a customer picks it, and its online agent gets the query. */
import { describe, expect, it } from 'vitest';
import { connectAgent, connectCustomer } from './support/clients.js';
import { useSharedServer } from './support/shared-server.js';
import { waitFor } from './support/wait.js';

const serverUrl = useSharedServer();

describe('teams', () => {
  it('a customer picks the team an admin made; its auto-assignment gives the query to the online agent', async () => {
    const url = serverUrl();
    const admin = await connectAgent(url);
    const team = await admin.createTeam({ name: 'Billing', autoAssign: true, capacity: 3, memberIds: [admin.user.id] });
    expect((await admin.listTeams()).map((t) => t.name)).toContain('Billing');
    const customer = await connectCustomer(url);
    const choices = await customer.listTeams();
    expect(choices.find((t) => t.id === team.id)).toEqual({ id: team.id, name: 'Billing', isDefault: false, openNow: true, nextOpenAt: null });
    const query = await customer.createQuery({ subject: 'Invoice', body: 'wrong VAT', teamId: team.id });
    expect(query.team).toEqual({ id: team.id, name: 'Billing' });
    const mine = customer.conversation(query.id);
    await waitFor(mine.state, (s) => s.query?.assignee?.id === admin.user.id, 5000, 'the query to be handed to the admin');
    await admin.updateTeam(team.id, { autoAssign: false });
    await admin.deleteTeam(team.id);
    expect((await admin.listTeams()).some((t) => t.id === team.id)).toBe(false);
  });

  it("another console's teams follow an admin's changes live: created, renamed, deleted", async () => {
    const url = serverUrl();
    const admin = await connectAgent(url);
    const other = await connectAgent(url);
    const before = await other.loadTeams();
    const team = await admin.createTeam({ name: 'Returns' });
    await waitFor(other.teams, (teams) => teams?.some((t) => t.id === team.id && t.name === 'Returns') === true, 5000, 'the new team');
    await admin.updateTeam(team.id, { name: 'Returns & refunds' });
    await waitFor(other.teams, (teams) => teams?.some((t) => t.name === 'Returns & refunds') === true, 5000, 'the new name');
    await admin.deleteTeam(team.id);
    await waitFor(other.teams, (teams) => teams?.length === before.length, 5000, 'the team gone');
    expect(other.teams.getSnapshot()?.some((t) => t.id === team.id)).toBe(false);
  });

  it('a load answered after a teams:changed event does not put back the older list', async () => {
    const url = serverUrl();
    const admin = await connectAgent(url);
    const other = await connectAgent(url);
    await other.loadTeams();
    // The load reads the list before the admin's change and answers after its event: a slow response, made certain.
    const list = other.listTeams.bind(other);
    let readStale!: () => void;
    const staleRead = new Promise<void>((resolve) => (readStale = resolve));
    let releaseStale!: () => void;
    const staleReleased = new Promise<void>((resolve) => (releaseStale = resolve));
    other.listTeams = async () => {
      const stale = await list();
      readStale();
      await staleReleased;
      return stale;
    };
    const load = other.loadTeams();
    await staleRead;
    const team = await admin.createTeam({ name: 'Late answers' });
    await waitFor(other.teams, (teams) => teams?.some((t) => t.id === team.id) === true, 5000, 'the event with the new team');
    releaseStale();
    const answered = await load;
    expect(answered.some((t) => t.id === team.id)).toBe(false);
    expect(other.teams.getSnapshot()?.some((t) => t.id === team.id)).toBe(true);
    await admin.deleteTeam(team.id);
  });
});
