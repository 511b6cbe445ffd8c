/** Per-group orchestration on one node: probes, opinions, tables, and the leader's duties. */
package io.belay.election.monitor;
