/**
 * The front door of `complaints/`: complaints: intake, the actions, reads, the pages, the SLA sweeper.
 * Other folders import only this file (docs/architecture.md, "Who may import whom").
 */
export {
  acknowledgeComplaint,
  answerProposal,
  assignComplaint,
  closeComplaint,
  declineComplaint,
  escalateComplaint,
  messageConsumer,
  proposeSettlement,
  recordConsumerReply,
  recordSettlement,
  referComplaint,
  requestInformation,
  withdrawComplaint,
} from './actions';
export { createComplaint } from './intake';
export { ListCache } from './list-cache';
export { ConsumerLinks } from './notify';
export { complaintPages } from './pages';
export { type ComplaintFilters, filterComplaints } from './queries';
export { getTimeline, viewComplaint } from './read';
export { complaintOperations, complaintRoutes } from './routes';
export { staffPages } from './staff-pages';
export { slaSweeper } from './sweeper';
