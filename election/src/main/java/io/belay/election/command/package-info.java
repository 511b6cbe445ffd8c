/** Operator requests (switchover, forced failover) forwarded to the leader over Hazelcast topics. */
package io.belay.election.command;
