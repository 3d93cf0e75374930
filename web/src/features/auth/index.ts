export { AccountPage } from './components/account-page';
export { SignInPage } from './components/sign-in-page';
export { useCurrentUser } from './hooks/use-current-user';
