/** Role-changing orders to backends: fenced BELAY commands, or plain REPLICAOF on stock redis-server. */
package io.belay.election.control;
