// Lab: the two network namespaces of lab_topology.h ("client" and "node"), built with iproute2
// and deleted again when the Lab is destroyed. Namespace names are
// "tsdiff-<pid>-<tag>-{client,node}", so parallel runs never collide, and a run removes what
// an earlier, crashed run left behind (CleanStaleLabs: names whose pid is no longer alive).
// SIGINT/SIGTERM/SIGHUP also remove the namespaces before the process dies.
//
// Nothing is configured outside the two namespaces: the veth pairs are created directly inside
// them, and only per-namespace sysctls are set (reverse-path filter off; in the node the ICMP
// rate limit off, because the kernel would otherwise delay the 7th REJECT answer of a burst by
// up to a second and turn "refused" into "timeout"; see reference/netfilter-ufw.md §3).
//
// Thread safety: one Lab per thread; a Lab's methods are not to be called concurrently.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/core/result.h"
#include "tests/differential/subprocess.h"

namespace tunnelsim::differential {

// Why a lab cannot be built here ("" when it can): not root, or `ip netns` does not work.
std::string LabUnavailableReason();

// Deletes namespaces and scratch folders of earlier runs whose process has exited.
void CleanStaleLabs();

class Lab {
 public:
  // `tag` distinguishes the labs of one process (e.g. "ipt-w0").
  static Result<std::unique_ptr<Lab>> Create(const std::string& tag);
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  const std::string& client_name() const { return client_; }
  const std::string& node_name() const { return node_; }
  // Open descriptors of the namespaces (for setns).
  int client_fd() const { return client_fd_; }
  int node_fd() const { return node_fd_; }
  // A private folder for this lab's files, removed with the lab.
  const std::string& scratch_dir() const { return scratch_; }

  // `ip netns exec NODE argv...`.
  CommandResult RunInNode(const std::vector<std::string>& argv, const std::string& stdin_text = "");

  // Leaves the node with empty IPv4 filter and nat tables and an empty IPv6 filter table (all
  // policies ACCEPT). One iptables-restore per family.
  Status ResetFirewall();

 private:
  Lab() = default;
  Status Build();

  std::string client_;
  std::string node_;
  std::string scratch_;
  int client_fd_ = -1;
  int node_fd_ = -1;
};

// Moves the calling thread into a network namespace for its lifetime (sockets created meanwhile
// belong to that namespace and keep it), then back. Only the calling thread is affected.
class ScopedNetns {
 public:
  explicit ScopedNetns(int netns_fd);
  ~ScopedNetns();
  ScopedNetns(const ScopedNetns&) = delete;
  ScopedNetns& operator=(const ScopedNetns&) = delete;
  bool ok() const { return ok_; }

 private:
  int original_ = -1;
  bool ok_ = false;
};

}  // namespace tunnelsim::differential
