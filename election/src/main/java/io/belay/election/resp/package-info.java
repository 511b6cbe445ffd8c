/** A pipelining RESP client connection. */
package io.belay.election.resp;
