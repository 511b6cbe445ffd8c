/** Routing tables built from shared state and local observations. */
package io.belay.election.table;
