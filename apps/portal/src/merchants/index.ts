/**
 * The front door of `merchants/`: merchants: the records, their settings and their pages. Other folders
 * import only this file (docs/architecture.md, "Who may import whom").
 */
export { getMerchantAliases, setMerchantAliases } from './aliases';
export { type BusinessMatch, matchBusiness } from './match';
export { merchantPages } from './pages';
export { merchantOperations, merchantRoutes } from './routes';
export {
  createMerchant,
  getMerchant,
  listMerchants,
  merchantChoices,
  merchantNamesGeneration,
  ownMerchant,
  updateMerchant,
} from './service';
