/**
 * The front door of `users/`: the portal's users: accounts, access, their pages. Other folders import only
 * this file (docs/architecture.md, "Who may import whom").
 */
export { disableUser, enableUser, resetPassword, setUserRole } from './access';
export { confirmationPage, userPages } from './pages';
export { userOperations, userRoutes } from './routes';
export { createUser, listUsers, userIdByEmail } from './service';
export { UserTable } from './views/users';
