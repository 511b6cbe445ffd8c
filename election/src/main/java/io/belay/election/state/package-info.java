/** Each group's shared decisions (epoch, master, failover attempt) and the compare-and-set store. */
package io.belay.election.state;
