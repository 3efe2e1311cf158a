/** A feed (or a story page) that cannot be read as one: the message says why. Apart from the parsers, so error handling loads none of them. */
export class FeedError extends Error {
  readonly code = 'feed_invalid';
}
