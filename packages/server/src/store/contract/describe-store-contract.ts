/**
 * The behaviour every Store must have, as a vitest suite parameterised by a
 * factory: run against each implementation (store/sqlite/sqlite-store.test.ts,
 * store/postgres/postgres-store.test.ts). Kept out of the build output.
 */
import { describe } from 'vitest';
import { describeAgentsAndSettings } from './agents-and-settings.js';
import { describeAppendViews } from './append-views.js';
import { describeAppends } from './appends.js';
import { describeAttachments } from './attachments.js';
import type { StoreFactory } from './fixture.js';
import { describeNodes } from './nodes.js';
import { describeQueries } from './queries.js';
import { describeWebhooks } from './webhooks.js';
import { describeNotices } from './notices.js';
import { describeTimeline } from './timeline.js';
import { describeSearch } from './search.js';
import { describeReports } from './reports.js';
import { describeTeams } from './teams.js';

export type { StoreFactory } from './fixture.js';

export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    describeQueries(factory);
    describeAppends(factory);
    describeAppendViews(factory);
    describeAttachments(factory);
    describeAgentsAndSettings(factory);
    describeNodes(factory);
    describeWebhooks(factory);
    describeNotices(factory);
    describeTimeline(factory);
    describeSearch(factory);
    describeReports(factory);
    describeTeams(factory);
  });
}
