/** Limits both sides agree on. The server enforces them; clients may pre-check. */
export const Limits = {
  /** Message body length, counted after trimming. */
  MESSAGE_BODY_MAX: 4000,
  /** Query subject length, counted after trimming. */
  SUBJECT_MAX: 200,
  /** Largest Socket.IO frame the server accepts (engine.io `maxHttpBufferSize`). */
  MAX_FRAME_BYTES: 64 * 1024,
  /** Most messages a `query:join` ack carries; `hasMore` tells the client to page on over REST. */
  JOIN_PAGE_MAX: 500,
  /**
   * About the most bytes of messages (as JSON) a `query:join` ack carries: fewer than {@link JOIN_PAGE_MAX} long
   * messages, with `hasMore`, rather than one frame of megabytes (500 bodies of 4,000 escaped characters are 12 MB).
   * Always at least one message.
   */
  JOIN_PAGE_BYTES: 1024 * 1024,
  /** Messages a `query:join` without `afterSeq` returns: the latest page. */
  JOIN_TAIL_DEFAULT: 50,
  /** Default and largest `limit` of `GET /api/queries/:id/messages`. */
  HISTORY_PAGE_DEFAULT: 100,
  HISTORY_PAGE_MAX: 500,
  /** Default and largest `limit` of `GET /api/queries`. */
  QUERY_PAGE_DEFAULT: 50,
  QUERY_PAGE_MAX: 200,
  /** Largest attachment accepted: 10 MiB. */
  ATTACHMENT_MAX_BYTES: 10 * 1024 * 1024,
  /** Most attachments on one message. */
  ATTACHMENTS_PER_MESSAGE: 10,
  /** Length of the preview of the last message carried on a query. */
  PREVIEW_MAX: 140,
} as const;
