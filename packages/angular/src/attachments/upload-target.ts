import { type Attachment, RestRoutes } from '@parley/protocol';
import type { UploadTarget } from './pending-uploads.js';

/** What an upload needs of the SDK client (customers' and agents' alike). */
export interface UploadClient {
  readonly token: string;
  renewToken(): Promise<boolean>;
  deleteAttachment(attachment: Pick<Attachment, 'url'>): Promise<void>;
}

/**
 * Where a query's uploads go, as whom, and how to renew: after a 401 the
 * SDK's `renewToken()` renews the session (silently for visitors and signed
 * identities) and the upload is tried once more with the new token.
 */
export function uploadTarget(
  client: UploadClient,
  queryId: string,
  options: { origin?: string; headers?: Readonly<Record<string, string>> } = {},
): NonNullable<ReturnType<UploadTarget>> {
  return {
    url: (options.origin ?? location.origin) + RestRoutes.attachments(queryId),
    token: client.token,
    ...(options.headers ? { headers: options.headers } : {}),
    renewToken: async () => ((await client.renewToken()) ? client.token : null),
    deleteAttachment: (attachment) => client.deleteAttachment(attachment),
  };
}
