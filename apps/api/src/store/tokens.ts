// The tokens live in @accord/platform so feature libraries can inject them without importing the app.
export { EVENT_STORE, READ_STORE, PROJECTIONS, PROCESS_MANAGERS } from '@accord/platform';
