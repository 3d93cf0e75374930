export { StreamsPage } from './components/streams-page';
