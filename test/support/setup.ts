import nock from 'nock';

// No test reaches the network: every HubSpot call is either answered by nock or fails loudly.
// Loopback stays open for the app's own HTTP server and the local PostgreSQL.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

afterEach(() => {
  nock.cleanAll();
});
