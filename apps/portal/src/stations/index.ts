/**
 * The front door of `stations/`: stations: the records and their pages. Other folders import only this
 * file (docs/architecture.md, "Who may import whom").
 */
export { stationPages } from './pages';
export { stationOperations, stationRoutes } from './routes';
export { createStation, getStation, listStations, updateStation } from './service';
