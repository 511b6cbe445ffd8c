/**
 * Settings an operator changes at runtime that every node must apply alike, shared through
 * Hazelcast with a version per group so that an older change never replaces a newer one.
 */
package io.belay.election.settings;
