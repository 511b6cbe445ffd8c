/** Answers to Sentinel's commands, as records the proxy encodes. */
package io.belay.election.sentinel;
