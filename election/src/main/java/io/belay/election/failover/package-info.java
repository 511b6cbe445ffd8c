/** The failover state machine and replica selection. */
package io.belay.election.failover;
