/**
 * The front door of `api-clients/`: API clients: the merchants' and stations' integrations and their
 * credentials. Other folders import only this file (docs/architecture.md, "Who may import whom").
 */
export { apiClientOperations, apiClientRoutes } from './routes';
export { authenticateClient, clientRole, createApiClient, listApiClients, revokeApiClient } from './service';
