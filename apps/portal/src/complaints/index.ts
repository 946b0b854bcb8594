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
export { openComplaintsOfJoinedBusiness, routeJoinedBusiness } from './business';
export {
  checkTaxonomy,
  createComplaint,
  type IntakeItem,
  type Routing as IntakeRouting,
  takeIn,
} from './intake';
export { ListCache } from './list-cache';
export { CONSUMER_CODE, ConsumerLinks, consumerComplaintOf, resolveConsumerCode } from './notify';
export { complaintPages } from './pages';
export { type ComplaintFilters, filterComplaints, loadComplaint } from './queries';
export { getTimeline, readComplaint, viewComplaint } from './read';
export { MESSAGE_SLUGS } from './registry';
export { complaintOperations, complaintRoutes } from './routes';
export { staffPages } from './staff-pages';
export { slaSweeper } from './sweeper';
export { addNote, listNotes, setComplaintOwner } from './team';
