/**
 * The front door of `events/`: the events: every event is appended here; the feed and the listeners. Other
 * folders import only this file (docs/architecture.md, "Who may import whom").
 */
export { eventOperations, eventRoutes } from './routes';
export {
  appendEvent,
  appendEvents,
  complaintTimeline,
  type EventListener,
  insertRows,
  type NewEvent,
  toEvent,
  type WrittenEvent,
} from './service';
