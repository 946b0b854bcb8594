/**
 * The front door of `settlements/`: settlements: the records of what was paid, their list and export.
 * Other folders import only this file (docs/architecture.md, "Who may import whom").
 */
export { csvField } from './csv';
export { settlementOfComplaint } from './mapper';
export { settlementOperations, settlementRoutes } from './routes';
export {
  listSettlements,
  logStationSettlement,
  type NewSettlement,
  settlementsById,
  writeSettlement,
} from './service';
