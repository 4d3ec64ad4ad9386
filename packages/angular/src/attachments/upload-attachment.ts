import type { Attachment, AttachmentResponse, ErrorBody } from '@parley/protocol';

/** An upload in flight. */
export interface UploadHandle {
  /** Resolves with the stored attachment; rejects with an {@link UploadError}. */
  readonly done: Promise<Attachment>;
  abort(): void;
}

/** Why an upload failed: the server's error, or `unavailable` when it never answered. */
export class UploadError extends Error {
  constructor(
    readonly body: ErrorBody,
    readonly status: number,
  ) {
    super(body.message);
    this.name = 'UploadError';
  }
  get code(): ErrorBody['code'] {
    return this.body.code;
  }
}

export interface UploadOptions {
  /** `RestRoutes.attachments(queryId)` under the API origin. */
  url: string;
  token: string;
  file: File;
  /** More request headers (the customer app's service-worker bypass). */
  headers?: Readonly<Record<string, string>>;
  /** Fraction sent, 0–1. */
  onProgress?: (fraction: number) => void;
  /** For tests. */
  createRequest?: () => XMLHttpRequest;
}

/**
 * Uploads one file as multipart form data. XMLHttpRequest rather than fetch
 * because only XHR reports upload progress in every browser.
 */
export function uploadAttachment(options: UploadOptions): UploadHandle {
  const xhr = options.createRequest?.() ?? new XMLHttpRequest();
  const done = new Promise<Attachment>((resolve, reject) => {
    xhr.open('POST', options.url);
    xhr.setRequestHeader('Authorization', `Bearer ${options.token}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && isAttachmentResponse(body)) {
        options.onProgress?.(1);
        resolve(body.attachment);
        return;
      }
      reject(new UploadError(errorBody(body, xhr.status), xhr.status));
    };
    xhr.onerror = () =>
      reject(new UploadError({ code: 'unavailable', message: 'The upload was interrupted before the server answered.' }, 0));
    xhr.onabort = () => reject(new UploadError({ code: 'unavailable', message: 'The upload was cancelled.' }, 0));
    const form = new FormData();
    form.append('file', options.file, options.file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isAttachmentResponse(body: unknown): body is AttachmentResponse {
  return typeof body === 'object' && body !== null && 'attachment' in body;
}

function errorBody(body: unknown, status: number): ErrorBody {
  const error = (body as { error?: ErrorBody } | null)?.error;
  if (error && typeof error.code === 'string') return error;
  if (status === 413) return { code: 'payload_too_large', message: 'The file is larger than the server accepts.' };
  return { code: status >= 500 ? 'unavailable' : status === 401 ? 'token_expired' : 'internal', message: `The upload failed (HTTP ${status}).` };
}
