import type { CustomerClient } from '@parley/client';
import { RestRoutes } from '@parley/protocol';
import type { UploadTarget } from './pending-uploads';

/** What an upload needs of the SDK client. */
export type UploadClient = Pick<CustomerClient, 'token' | 'renewToken' | 'deleteAttachment'>;

/**
 * Where a query's uploads go, as whom, and how to renew: after a 401 the
 * SDK's `renewToken()` renews the session (silently for visitors and signed
 * identities) and the upload is tried once more with the new token.
 */
export function uploadTarget(client: UploadClient, queryId: string, origin = location.origin): NonNullable<ReturnType<UploadTarget>> {
  return {
    url: origin + RestRoutes.attachments(queryId),
    token: client.token,
    renewToken: async () => ((await client.renewToken()) ? client.token : null),
    deleteAttachment: (attachment) => client.deleteAttachment(attachment),
  };
}
