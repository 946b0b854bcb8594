/**
 * The front door of `attachments/`: evidence on complaints (photos and PDF files), their
 * storage (files in the data folder, or PostgreSQL), the API and the pages' parts. Other folders
 * import only this file (docs/architecture.md, "Who may import whom").
 */
export { attachmentPages, attachmentsSection, consumerAttachmentsSection } from './pages';
export { attachmentLinkOperations, attachmentOperations, attachmentRoutes } from './routes';
export {
  CONSUMER_ATTACHMENT_READ_ACTION,
  deleteAttachmentRows,
  isUploadPath,
  linkMessageAttachments,
  listAttachments,
  removeUnreferenced,
  UPLOAD_BODY_LIMIT_BYTES,
} from './service';
export { type BlobStore, DatabaseBlobStore, FileBlobStore } from './store';
