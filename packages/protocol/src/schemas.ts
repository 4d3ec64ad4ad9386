/**
 * Zod schemas for everything a client sends. The server parses every REST body,
 * query string and Socket.IO payload with these; objects are strict, so an
 * unknown field is refused rather than ignored.
 */
import { z } from 'zod';
import { Limits } from './limits.js';
import { storedText } from './text.js';

export const idSchema = z.uuid({ message: 'must be a UUID' });
export const seqSchema = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A person's display name (customers, agents). */
export const personNameSchema = storedText(1, 100);
export const emailSchema = z.email().max(254);
const name = personNameSchema;
const email = emailSchema;

/**
 * A message body: 1–4000 characters once surrounding white space (and zero-width characters) is trimmed; no
 * NUL, no lone surrogate (see text.ts).
 */
export const messageBodySchema = storedText(1, Limits.MESSAGE_BODY_MAX);
export const subjectSchema = storedText(1, Limits.SUBJECT_MAX);
export const queryStatusSchema = z.enum(['open', 'pending', 'resolved']);
export const staffRoleSchema = z.enum(['agent', 'admin']);

// ---------------------------------------------------------------- REST bodies

export const visitorAuthSchema = z.strictObject({
  name: name.optional(),
  email: email.optional(),
  /** The `resumeKey` a previous visitor sign-in returned: signs in as that same visitor again. */
  resumeKey: z.string().min(16).max(200).optional(),
});
export type VisitorAuthRequest = z.input<typeof visitorAuthSchema>;

export const customerAuthSchema = z.strictObject({
  /**
   * The customer's identity as the host's backend signed it: a JWT (HS256, key IDENTITY_SECRET) with `sub` (the
   * host's id for the customer), optional `name` and `email`, and `exp` (at most 30 days ahead). See
   * docs/embedding.md.
   */
  identity: z.string().min(1).max(8192),
});
export type CustomerAuthRequest = z.input<typeof customerAuthSchema>;

export const loginSchema = z.strictObject({
  email: email,
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.input<typeof loginSchema>;

export const createAgentSchema = z.strictObject({
  email: email,
  name: name,
  password: z.string().min(8).max(1024),
  role: staffRoleSchema,
});
export type CreateAgentRequest = z.input<typeof createAgentSchema>;

export const updateAgentSchema = z
  .strictObject({
    name: name.optional(),
    role: staffRoleSchema.optional(),
    active: z.boolean().optional(),
    password: z.string().min(8).max(1024).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateAgentRequest = z.input<typeof updateAgentSchema>;

/** `PATCH /api/auth/me` (staff): their own name and password; a new password needs the current one. */
export const updateMeSchema = z
  .strictObject({
    name: name.optional(),
    password: z.string().min(8).max(1024).optional(),
    currentPassword: z.string().min(1).max(1024).optional(),
  })
  .refine((v) => v.name !== undefined || v.password !== undefined, 'nothing to change')
  .refine((v) => v.password === undefined || v.currentPassword !== undefined, {
    message: 'give your current password to set a new one',
    path: ['currentPassword'],
  });
export type UpdateMeRequest = z.input<typeof updateMeSchema>;

/**
 * `PATCH /api/customers/:id` (staff: correct what a customer gave) and `PATCH /api/customers/me` (a visitor: their
 * own). `email: null` removes the address.
 */
export const updateCustomerSchema = z
  .strictObject({
    name: name.optional(),
    email: email.nullable().optional(),
  })
  .refine((v) => v.name !== undefined || v.email !== undefined, 'nothing to change');
export type UpdateCustomerRequest = z.input<typeof updateCustomerSchema>;

export const createQuerySchema = z.strictObject({
  subject: subjectSchema,
  body: messageBodySchema,
  /**
   * A UUID made by the client for this draft: a retry with the same clientId
   * returns the query already opened instead of opening a second one.
   */
  clientId: idSchema.optional(),
  /** Email the customer the whole conversation when it is resolved (to the address on file; none, nothing sent). */
  emailTranscript: z.boolean().optional(),
  /** The team the customer picked (`GET /api/teams`); none: the default team, if there is one. */
  teamId: idSchema.optional(),
});
export type CreateQueryRequest = z.input<typeof createQuerySchema>;

export const updateQuerySchema = z
  .strictObject({
    status: queryStatusSchema.optional(),
    assigneeId: idSchema.nullable().optional(),
    /** Move it to another team (null: none). */
    teamId: idSchema.nullable().optional(),
  })
  .refine((v) => v.status !== undefined || v.assigneeId !== undefined || v.teamId !== undefined, 'nothing to change');
export type UpdateQueryRequest = z.input<typeof updateQuerySchema>;

export const rateQuerySchema = z.strictObject({
  score: z.int().min(1).max(5),
  comment: storedText(0, 2000).optional(),
});
export type RateQueryRequest = z.input<typeof rateQuerySchema>;

// ---------------------------------------------------------- REST query strings

const intFromString = (max: number) => z.coerce.number().int().min(0).max(max);

export const listQueriesParamsSchema = z.strictObject({
  status: queryStatusSchema.optional(),
  /** An agent id, `me`, or `none` for unassigned queries. */
  assigneeId: z.union([idSchema, z.literal('me'), z.literal('none')]).optional(),
  cursor: z.string().max(200).optional(),
  limit: intFromString(Limits.QUERY_PAGE_MAX).pipe(z.int().min(1)).optional(),
});
export type ListQueriesParams = z.input<typeof listQueriesParamsSchema>;

export const listMessagesParamsSchema = z.strictObject({
  after: intFromString(Number.MAX_SAFE_INTEGER).optional(),
  before: intFromString(Number.MAX_SAFE_INTEGER).optional(),
  limit: intFromString(Limits.HISTORY_PAGE_MAX).pipe(z.int().min(1)).optional(),
  /** `true` reads the internal-notes stream instead (agents only). */
  internal: z.enum(['true', 'false']).optional(),
});
export type ListMessagesParams = z.input<typeof listMessagesParamsSchema>;

export const idParamsSchema = z.strictObject({ id: idSchema });

// ------------------------------------------------------------ Socket payloads

export const queryJoinSchema = z.strictObject({
  queryId: idSchema,
  /** Resume point: the ack carries the messages with seq > afterSeq. Omit for the latest page. */
  afterSeq: seqSchema.optional(),
  /** Agents only: resume point in the internal-notes stream. */
  afterNoteSeq: seqSchema.optional(),
});
export type QueryJoinPayload = z.input<typeof queryJoinSchema>;

export const queryRefSchema = z.strictObject({ queryId: idSchema });
export type QueryRefPayload = z.input<typeof queryRefSchema>;

export const messageSendSchema = z.strictObject({
  queryId: idSchema,
  clientId: idSchema,
  body: messageBodySchema,
  /** Agents only: an internal note, never shown to the customer. */
  internal: z.boolean().optional(),
  /** Ids of attachments uploaded to this query beforehand. */
  attachmentIds: z.array(idSchema).max(Limits.ATTACHMENTS_PER_MESSAGE).optional(),
  /**
   * When the author wrote it (the client's clock, ISO 8601): kept as the message's `writtenAt` when it is more
   * than a minute before the server stores it and not in the future (an outbox sending after an outage).
   */
  writtenAt: z.iso.datetime({ offset: true }).optional(),
});
export type MessageSendPayload = z.input<typeof messageSendSchema>;

export const typingSchema = z.strictObject({
  queryId: idSchema,
  typing: z.boolean(),
  /** Agents only: typing an internal note — relayed to the other agents, never to the customer. */
  internal: z.boolean().optional(),
});
export type TypingPayload = z.input<typeof typingSchema>;

export const messageReadSchema = z.strictObject({
  queryId: idSchema,
  seq: seqSchema,
});
export type MessageReadPayload = z.input<typeof messageReadSchema>;

export const queryAssignSchema = z.strictObject({
  queryId: idSchema,
  /** Omit to assign to yourself. */
  agentId: idSchema.optional(),
});
export type QueryAssignPayload = z.input<typeof queryAssignSchema>;

export const presenceSetSchema = z.strictObject({
  status: z.enum(['online', 'away']),
});
export type PresenceSetPayload = z.input<typeof presenceSetSchema>;

/** `auth:renew`: hands the live socket a fresh token before the one it connected with expires. */
export const authRenewSchema = z.strictObject({
  token: z.string().min(1).max(4096),
});
export type AuthRenewPayload = z.input<typeof authRenewSchema>;

export const handshakeAuthSchema = z.object({
  token: z.string().min(1).max(4096),
  protocol: z.int().optional(),
});
export type HandshakeAuth = z.input<typeof handshakeAuthSchema>;

export const cannedReplySchema = z.strictObject({
  shortcut: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _ only'),
  title: storedText(1, 100),
  body: messageBodySchema,
});
export type CannedReplyRequest = z.input<typeof cannedReplySchema>;

export const updateCannedReplySchema = cannedReplySchema
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateCannedReplyRequest = z.input<typeof updateCannedReplySchema>;
