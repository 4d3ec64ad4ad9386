import type { ListQueriesParams, QueryListResponse } from '@parley/protocol';

/** Where the live lists read their pages from (the client's REST calls, `GET /api/queries`). */
export interface QueryPages {
  listQueries(params: ListQueriesParams): Promise<QueryListResponse>;
}
