#!/usr/bin/env bash
# Builds (up) or removes (down) a small multicast lab of network namespaces for the pub/sub tests:
#
#   link A: 10.<net>.0.0/24, fd00:<net>::/64                link B: 10.<net>.1.0/24, fd00:<net>:1::/64
#     <prefix>-h1 .. <prefix>-h<n>  eth0 .1 .. .<n>  ─┐
#                                       <prefix>-br: br0 ├─ eth0 .254  <prefix>-r  eth1 .254 ── eth0 .1  <prefix>-far
#
# <prefix>-br holds only the bridge, so nothing touches the host's own network namespace; <prefix>-r is a host on
# both links that forwards multicast only while a multicast router runs in it (the peer's `route` mode), which is
# what makes TTL scoping observable: a TTL 1 datagram stays on link A, TTL 2 crosses to link B.
# Every address lives inside these namespaces. The prefix must be at most 8 characters (interface name limit).
# usage: netns.sh up <prefix> <net 1-254> <hosts 1-9> | netns.sh down <prefix>
set -euo pipefail

cmd=${1:?usage: netns.sh up|down <prefix> ...}
prefix=${2:?prefix}

down() {
    # Deleting a namespace deletes the veth ends inside it, and with them their peers.
    for ns in $(ip netns list | awk '{print $1}' | grep -E "^${prefix}-(br|r|far|h[0-9]+)$" || true); do
        ip netns del "$ns" || true
    done
}

# host <namespace> <veth in it, renamed eth0 or eth1> <ipv4/len> <ipv6/len>
address() {
    ip -n "$1" link set lo up
    ip -n "$1" addr add "$3" dev "$2"
    ip -n "$1" addr add "$4" dev "$2" nodad
    ip -n "$1" link set "$2" up
}

up() {
    local net=${1:?net} hosts=${2:?hosts}
    down
    trap down ERR
    ip netns add "${prefix}-br"
    ip -n "${prefix}-br" link add br0 type bridge
    # No IGMP/MLD snooping: with no querier on the link, the bridge floods multicast to every port.
    ip -n "${prefix}-br" link set br0 type bridge mcast_snooping 0
    ip -n "${prefix}-br" link set br0 up

    for i in $(seq 1 "$hosts"); do
        ip netns add "${prefix}-h${i}"
        ip link add "${prefix}-v${i}" netns "${prefix}-h${i}" type veth peer name "port${i}" netns "${prefix}-br"
        ip -n "${prefix}-h${i}" link set "${prefix}-v${i}" name eth0
        ip -n "${prefix}-br" link set "port${i}" master br0 up
        address "${prefix}-h${i}" eth0 "10.${net}.0.${i}/24" "fd00:${net}::${i}/64"
        ip -n "${prefix}-h${i}" route add "10.${net}.1.0/24" via "10.${net}.0.254"
    done

    ip netns add "${prefix}-r"
    ip link add "${prefix}-ra" netns "${prefix}-r" type veth peer name portr netns "${prefix}-br"
    ip -n "${prefix}-r" link set "${prefix}-ra" name eth0
    ip -n "${prefix}-br" link set portr master br0 up
    address "${prefix}-r" eth0 "10.${net}.0.254/24" "fd00:${net}::254/64"

    ip netns add "${prefix}-far"
    ip link add "${prefix}-rb" netns "${prefix}-r" type veth peer name "${prefix}-fb" netns "${prefix}-far"
    ip -n "${prefix}-r" link set "${prefix}-rb" name eth1
    ip -n "${prefix}-far" link set "${prefix}-fb" name eth0
    address "${prefix}-r" eth1 "10.${net}.1.254/24" "fd00:${net}:1::254/64"
    address "${prefix}-far" eth0 "10.${net}.1.1/24" "fd00:${net}:1::1/64"
    ip -n "${prefix}-far" route add default via "10.${net}.1.254"
    trap - ERR
}

case "$cmd" in
    up) up "${3:-}" "${4:-}" ;;
    down) down ;;
    *) echo "usage: netns.sh up <prefix> <net> <hosts> | netns.sh down <prefix>" >&2; exit 2 ;;
esac
