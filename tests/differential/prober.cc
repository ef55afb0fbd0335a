#include "tests/differential/prober.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "tests/differential/lab_topology.h"

namespace tunnelsim::differential {
namespace {

using netfilter::ClientOutcome;
using Clock = std::chrono::steady_clock;

sockaddr_in SockAddr(const std::string& address, uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  return sa;
}

// The outcome of a failed connect()/recv() by its errno (reference/netfilter-ufw.md §3).
Observation FromErrno(int err) {
  switch (err) {
    case ECONNREFUSED:
      return {ClientOutcome::kRefused, strerror(err)};
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENOPROTOOPT:
      return {ClientOutcome::kUnreachable, strerror(err)};
    case ETIMEDOUT:
      return {ClientOutcome::kTimeout, strerror(err)};
    default:
      return {ClientOutcome::kUnknown, fmt::format("unexpected errno {}: {}", err, strerror(err))};
  }
}

// A pending probe: its socket and whether it has an answer yet.
struct Attempt {
  int fd = -1;
  bool done = false;
  Observation seen;
};

// Creates the client socket inside `netns_fd` and starts the probe.
Attempt Start(int netns_fd, const Probe& probe) {
  Attempt a;
  bool tcp = probe.protocol == IpProtocol::kTcp;
  {
    ScopedNetns in_client(netns_fd);
    if (!in_client.ok()) {
      a.done = true;
      a.seen = {ClientOutcome::kUnknown, "setns into the client namespace failed"};
      return a;
    }
    a.fd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  }
  auto fail = [&](std::string_view what) {
    a.done = true;
    a.seen = {ClientOutcome::kUnknown, fmt::format("{}: {}", what, strerror(errno))};
    return a;
  };
  if (a.fd < 0) return fail("socket");
  int one = 1;
  setsockopt(a.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (tcp) {
    linger reset{1, 0};
    setsockopt(a.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
  }
  sockaddr_in local = SockAddr(probe.src, probe.sport);
  if (bind(a.fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
    return fail("bind " + probe.src + ":" + std::to_string(probe.sport));
  }
  sockaddr_in remote = SockAddr(probe.dst, probe.dport);
  if (connect(a.fd, reinterpret_cast<sockaddr*>(&remote), sizeof(remote)) != 0) {
    if (tcp && errno == EINPROGRESS) return a;
    a.done = true;
    a.seen = FromErrno(errno);
    return a;
  }
  if (tcp) {  // finished at once
    a.done = true;
    a.seen = {ClientOutcome::kConnected, ""};
    return a;
  }
  if (send(a.fd, "probe", 5, 0) < 0) {
    a.done = true;
    a.seen = FromErrno(errno);
  }
  return a;
}

// Reads the result of a TCP connect or a UDP exchange whose socket became ready.
Observation Finish(const Attempt& a, IpProtocol protocol) {
  if (protocol == IpProtocol::kTcp) {
    // The model predicts whether the handshake completes. When a rule rejects the client's
    // final ACK (conntrack ESTABLISHED) with an ICMP error, the kernel keeps that error as a
    // "soft" error which SO_ERROR reports (Go would print it as the connect error, because on
    // a veth the ICMP arrives before the client reads SO_ERROR). A connected peer address,
    // or a reset after the handshake, shows the handshake did complete.
    sockaddr_in peer{};
    socklen_t peer_len = sizeof(peer);
    if (getpeername(a.fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0) {
      return {ClientOutcome::kConnected, ""};
    }
    int err = 0;
    socklen_t len = sizeof(err);
    getsockopt(a.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err == 0 || err == ECONNRESET || err == EPIPE) return {ClientOutcome::kConnected, ""};
    return FromErrno(err);
  }
  char buffer[64];
  if (recv(a.fd, buffer, sizeof(buffer), 0) >= 0) return {ClientOutcome::kConnected, ""};
  return FromErrno(errno);
}

int OpenListener(int type, uint16_t port) {
  int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (type == SOCK_DGRAM) setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
  sockaddr_in any = SockAddr("0.0.0.0", port);
  if (bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof(any)) != 0 ||
      (type == SOCK_STREAM && listen(fd, 512) != 0)) {
    close(fd);
    return -1;
  }
  return fd;
}

// Answers one datagram from the address it was sent to.
bool EchoDatagram(int fd) {
  char data[512];
  char control[CMSG_SPACE(sizeof(in_pktinfo))];
  sockaddr_in peer{};
  iovec iov{data, sizeof(data)};
  msghdr msg{};
  msg.msg_name = &peer;
  msg.msg_namelen = sizeof(peer);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  ssize_t n = recvmsg(fd, &msg, 0);
  if (n < 0) return false;
  in_pktinfo reply_from{};
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo got;
      memcpy(&got, CMSG_DATA(c), sizeof(got));
      reply_from.ipi_spec_dst = got.ipi_addr;
    }
  }
  char out_control[CMSG_SPACE(sizeof(in_pktinfo))] = {};
  msghdr reply{};
  iovec out_iov{data, static_cast<size_t>(n)};
  reply.msg_name = &peer;
  reply.msg_namelen = sizeof(peer);
  reply.msg_iov = &out_iov;
  reply.msg_iovlen = 1;
  reply.msg_control = out_control;
  reply.msg_controllen = sizeof(out_control);
  cmsghdr* c = CMSG_FIRSTHDR(&reply);
  c->cmsg_level = IPPROTO_IP;
  c->cmsg_type = IP_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
  memcpy(CMSG_DATA(c), &reply_from, sizeof(reply_from));
  sendmsg(fd, &reply, 0);
  return true;
}

}  // namespace

Result<std::unique_ptr<Prober>> Prober::Create(const Lab& lab) {
  std::unique_ptr<Prober> prober(new Prober(lab));
  ScopedNetns in_node(lab.node_fd());
  if (!in_node.ok()) {
    return Status::IoError(fmt::format("setns into {}: {}", lab.node_name(), strerror(errno)));
  }
  for (uint16_t port : lab::kListenerPorts) {
    int tcp = OpenListener(SOCK_STREAM, port);
    int udp = OpenListener(SOCK_DGRAM, port);
    if (tcp < 0 || udp < 0) {
      return Status::IoError(fmt::format("cannot listen on port {} in {}: {}", port,
                                         lab.node_name(), strerror(errno)));
    }
    prober->tcp_listeners_.push_back(tcp);
    prober->udp_listeners_.push_back(udp);
  }
  return prober;
}

Prober::~Prober() {
  for (int fd : tcp_listeners_) close(fd);
  for (int fd : udp_listeners_) close(fd);
}

void Prober::ServeListeners(const std::vector<int>& ready) {
  for (int fd : ready) {
    bool udp = std::find(udp_listeners_.begin(), udp_listeners_.end(), fd) != udp_listeners_.end();
    if (udp) {
      while (EchoDatagram(fd)) {
      }
      continue;
    }
    for (int conn; (conn = accept4(fd, nullptr, nullptr, SOCK_CLOEXEC)) >= 0;) close(conn);
  }
}

void Prober::DrainListeners() {
  std::vector<int> all = tcp_listeners_;
  all.insert(all.end(), udp_listeners_.begin(), udp_listeners_.end());
  ServeListeners(all);
}

std::vector<Observation> Prober::Run(const std::vector<Probe>& probes,
                                     std::chrono::milliseconds deadline) {
  std::vector<Attempt> attempts;
  attempts.reserve(probes.size());
  for (const Probe& p : probes) attempts.push_back(Start(lab_.client_fd(), p));

  Clock::time_point end = Clock::now() + deadline;
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<int> owner;  // index into attempts, or -1 for a listener
    for (size_t i = 0; i < attempts.size(); ++i) {
      if (attempts[i].done) continue;
      short events = probes[i].protocol == IpProtocol::kTcp ? POLLOUT : POLLIN;
      fds.push_back({attempts[i].fd, events, 0});
      owner.push_back(static_cast<int>(i));
    }
    if (fds.empty()) break;
    for (int fd : tcp_listeners_) fds.push_back({fd, POLLIN, 0}), owner.push_back(-1);
    for (int fd : udp_listeners_) fds.push_back({fd, POLLIN, 0}), owner.push_back(-1);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
    if (left.count() <= 0) break;
    int n = poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (n < 0 && errno != EINTR) break;
    std::vector<int> ready_listeners;
    for (size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].revents == 0) continue;
      if (owner[k] < 0) {
        ready_listeners.push_back(fds[k].fd);
        continue;
      }
      Attempt& a = attempts[static_cast<size_t>(owner[k])];
      a.seen = Finish(a, probes[static_cast<size_t>(owner[k])].protocol);
      a.done = true;
    }
    ServeListeners(ready_listeners);
  }

  std::vector<Observation> seen;
  for (Attempt& a : attempts) {
    if (!a.done) a.seen = {ClientOutcome::kTimeout, "no answer before the deadline"};
    if (a.fd >= 0) close(a.fd);
    seen.push_back(a.seen);
  }
  DrainListeners();
  return seen;
}

}  // namespace tunnelsim::differential
