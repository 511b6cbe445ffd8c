package io.belay.election.cluster;

/**
 * One Belay node as Hazelcast lists it.
 *
 * @param id   the member UUID
 * @param name the node name it announced
 * @param host its Hazelcast address
 * @param port its Hazelcast port
 */
public record MemberInfo(String id, String name, String host, int port) {
}
