/** Hazelcast configuration, membership, majority and leadership, and the worker pool Hazelcast calls run on. */
package io.belay.election.cluster;
