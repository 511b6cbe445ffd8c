/** Futures that stay on the election context. */
package io.belay.election.async;
