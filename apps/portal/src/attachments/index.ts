/**
 * The front door of `attachments/`: evidence on complaints (photos and PDF files), their
 * storage (files in the data folder, or PostgreSQL), the API and the pages' parts. Other folders
 * import only this file (docs/architecture.md, "Who may import whom").
 */
export { attachmentPages, attachmentsSection, consumerAttachmentsSection, messageFormPart } from './pages';
export { attachmentLinkOperations, attachmentOperations, attachmentRoutes, uploadSource } from './routes';
export {
  deleteAttachmentRows,
  isUploadPath,
  linkMessageAttachments,
  listAttachments,
  type MessageForm,
  readMessageForm,
  removeUnreferenced,
  UPLOAD_BODY_LIMIT_BYTES,
  uploadBodyLimit,
} from './service';
export { type BlobStore, DatabaseBlobStore, FileBlobStore } from './store';
