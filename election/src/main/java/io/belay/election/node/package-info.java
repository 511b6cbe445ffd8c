/** The election verticle that wires one node together. */
package io.belay.election.node;
