/** Backend health probes over RESP and what they report. */
package io.belay.election.probe;
