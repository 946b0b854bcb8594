/**
 * The front door of `teams/`: working as a team — reply templates, the merchant admin's webhook
 * settings pages, the consumer's rating as merchants read it. (A complaint's owner and its
 * internal notes are complaint verbs: `complaints/team.ts`.) Other folders import only this
 * file (docs/architecture.md, "Who may import whom").
 */
export { teamPages } from './pages';
export { teamOperations, teamRoutes } from './routes';
export { type MerchantRatings, merchantRatings, type Rating, ratingOf } from './satisfaction';
export { listReplyTemplates } from './templates';
