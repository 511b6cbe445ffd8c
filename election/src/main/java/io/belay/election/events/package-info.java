/** Event delivery: log lines, listeners, notification and client-reconfig scripts, webhooks. */
package io.belay.election.events;
