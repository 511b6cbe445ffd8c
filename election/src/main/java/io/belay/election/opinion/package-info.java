/** Subjective-down opinions shared through Hazelcast, counted into objective down. */
package io.belay.election.opinion;
