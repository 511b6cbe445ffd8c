/**
 * Machinery behind {@link io.belay.proxy.ProxyServer}, one event loop at a time:
 * {@code Session} (a client socket) hands each socket read to its {@code Dispatcher}, which
 * classifies it as a batch and routes command by command to pooled, pipelined
 * {@code BackendConnection}s, a dedicated connection ({@code Transactions}), the subscription
 * connection ({@code Subscriber}) or {@code LocalCommands}; replies go through the session's
 * {@code ReplyQueue}, in request order. {@code WriteConfirmation} adds the per-batch WAIT and
 * ROLE that durability and read-your-writes need. Nothing here blocks; everything a session
 * touches runs on its event loop.
 */
package io.belay.proxy.impl;
