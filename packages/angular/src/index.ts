/**
 * @parley/angular: the Angular bindings of the Parley SDK — its stores as signals, an open
 * conversation as a signal-backed handle — and the view helpers both apps use (file sizes,
 * links in message text, which attachments are pictures, attaching files: rules, upload, pending uploads). See docs/client.md.
 * Test fakes of the SDK's interfaces are in `@parley/angular/testing`.
 */
export { bindStore } from './bind-store.js';
export { ConversationHandle } from './conversation-handle.js';
export { formatSize } from './format-size.js';
export { linkify, type TextSegment } from './linkify.js';
export { isPicture, PICTURE_TYPES } from './picture-types.js';
export {
  ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE, attachmentProblem, downloadName,
} from './attachments/attachment-rules.js';
export { UploadError, uploadAttachment, type UploadHandle, type UploadOptions } from './attachments/upload-attachment.js';
export { PendingUploads, uploadErrorText, type PendingUpload, type UploadTarget } from './attachments/pending-uploads.js';
export { uploadTarget, type UploadClient } from './attachments/upload-target.js';
