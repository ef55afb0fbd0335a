#include "tests/differential/netns_lab.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>

#include "tests/differential/lab_topology.h"

namespace tunnelsim::differential {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "tsdiff-";
constexpr std::string_view kNetnsDir = "/run/netns";

// Namespace mount points to remove from a signal handler: fixed storage, no allocation there.
constexpr int kSlots = 32;
struct Slot {
  std::atomic<bool> used{false};
  char path[128] = {};
};
Slot g_slots[kSlots];
std::mutex g_slots_mutex;

// What `ip netns del` does, with async-signal-safe calls only.
void RemoveNetnsMount(const char* path) {
  umount2(path, MNT_DETACH);
  unlink(path);
}

void OnFatalSignal(int sig) {
  for (Slot& slot : g_slots) {
    if (slot.used.load()) RemoveNetnsMount(slot.path);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void InstallSignalCleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction action {};
      action.sa_handler = OnFatalSignal;
      sigaction(sig, &action, nullptr);
    }
    // A child that exits before reading all of its stdin must not kill the harness.
    signal(SIGPIPE, SIG_IGN);
  });
}

void Register(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_slots_mutex);
  for (Slot& slot : g_slots) {
    if (slot.used.load()) continue;
    *fmt::format_to_n(slot.path, sizeof(slot.path) - 1, "{}", path).out = '\0';
    slot.used.store(true);
    return;
  }
}

void Unregister(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_slots_mutex);
  for (Slot& slot : g_slots) {
    if (slot.used.load() && path == slot.path) slot.used.store(false);
  }
}

std::string NetnsPath(const std::string& name) { return fmt::format("{}/{}", kNetnsDir, name); }

void DeleteNetns(const std::string& name) {
  if (name.empty()) return;
  CommandResult r = RunCommand({"ip", "netns", "del", name});
  if (!r.ok()) RemoveNetnsMount(NetnsPath(name).c_str());  // e.g. a half-created namespace
  Unregister(NetnsPath(name));
}

// The pid in "tsdiff-<pid>-...", or 0.
pid_t OwnerPid(std::string_view name) {
  if (!name.starts_with(kPrefix)) return 0;
  name.remove_prefix(kPrefix.size());
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
  if (ec != std::errc() || end == name.data() || *end != '-') return 0;
  return pid;
}

bool IsStale(std::string_view name) {
  pid_t pid = OwnerPid(name);
  return pid > 0 && pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH;
}

Status Run(const std::vector<std::string>& argv) {
  CommandResult r = RunCommand(argv);
  if (r.ok()) return Status::Ok();
  return Status::IoError(
      fmt::format("`{}` failed with exit code {}: {}", ShellJoin(argv), r.exit_code, r.err));
}

int OpenNetns(const std::string& name) {
  return open(NetnsPath(name).c_str(), O_RDONLY | O_CLOEXEC);
}

}  // namespace

std::string LabUnavailableReason() {
  if (geteuid() != 0) return "needs root (network namespaces, iptables, ufw)";
  std::string probe = fmt::format("{}{}-usable", kPrefix, getpid());
  CommandResult add = RunCommand({"ip", "netns", "add", probe});
  if (!add.ok()) {
    return fmt::format("`ip netns add` does not work here (exit code {}): {}", add.exit_code,
                       add.err);
  }
  DeleteNetns(probe);
  return "";
}

void CleanStaleLabs() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kNetnsDir, ec)) {
    std::string name = entry.path().filename().string();
    if (IsStale(name)) DeleteNetns(name);
  }
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory() && IsStale(name)) fs::remove_all(entry.path(), ec);
  }
}

Result<std::unique_ptr<Lab>> Lab::Create(const std::string& tag) {
  InstallSignalCleanup();
  std::unique_ptr<Lab> lab(new Lab());
  std::string base = fmt::format("{}{}-{}", kPrefix, getpid(), tag);
  lab->client_ = base + "-client";
  lab->node_ = base + "-node";
  lab->scratch_ = (fs::temp_directory_path() / base).string();
  Status built = lab->Build();
  if (!built.ok()) return built;  // ~Lab removes whatever was created
  return lab;
}

Status Lab::Build() {
  std::error_code ec;
  fs::remove_all(scratch_, ec);
  if (!fs::create_directories(scratch_, ec)) {
    return Status::IoError(fmt::format("cannot create {}: {}", scratch_, ec.message()));
  }
  for (const std::string* name : {&client_, &node_}) {
    Register(NetnsPath(*name));
    if (Status s = Run({"ip", "netns", "add", *name}); !s.ok()) return s;
  }
  const std::string& c = client_;
  const std::string& n = node_;
  std::string p = fmt::format("/{}", lab::kSubnetPrefix);
  std::vector<std::vector<std::string>> steps = {
      {"ip", "link", "add", "eth0", "netns", n, "type", "veth", "peer", "name", "eth0", "netns", c},
      {"ip", "link", "add", "eth1", "netns", n, "type", "veth", "peer", "name", "eth1", "netns", c},
      {"ip", "-n", n, "addr", "add", std::string(lab::kNodeEth0) + p, "dev", "eth0"},
      {"ip", "-n", n, "addr", "add", std::string(lab::kNodeEth0Second) + p, "dev", "eth0"},
      {"ip", "-n", n, "addr", "add", std::string(lab::kNodeEth1) + p, "dev", "eth1"},
      {"ip", "-n", c, "addr", "add", std::string(lab::kClientEth0) + p, "dev", "eth0"},
      {"ip", "-n", c, "addr", "add", std::string(lab::kClientEth1) + p, "dev", "eth1"},
      {"ip", "-n", c, "addr", "add", std::string(lab::kClientOtherNet) + "/32", "dev", "eth0"},
  };
  for (std::string_view extra : lab::kClientEth0Extra) {
    steps.push_back({"ip", "-n", c, "addr", "add", std::string(extra) + p, "dev", "eth0"});
  }
  for (const std::string* ns : {&c, &n}) {
    for (const char* dev : {"lo", "eth0", "eth1"}) {
      steps.push_back({"ip", "-n", *ns, "link", "set", dev, "up"});
    }
    steps.push_back({"ip", "netns", "exec", *ns, "sysctl", "-q", "-w",
                     "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                     "net.ipv4.conf.eth0.rp_filter=0", "net.ipv4.conf.eth1.rp_filter=0"});
  }
  steps.push_back({"ip", "-n", n, "route", "add", "10.251.0.0/24", "via",
                   std::string(lab::kClientEth0), "dev", "eth0"});
  steps.push_back({"ip", "netns", "exec", n, "sysctl", "-q", "-w", "net.ipv4.icmp_ratemask=0",
                   "net.ipv4.icmp_ratelimit=0", "net.ipv4.ip_forward=0"});
  for (const auto& step : steps) {
    if (Status s = Run(step); !s.ok()) return s;
  }
  client_fd_ = OpenNetns(client_);
  node_fd_ = OpenNetns(node_);
  if (client_fd_ < 0 || node_fd_ < 0) {
    return Status::IoError(fmt::format("cannot open {}: {}", NetnsPath(node_), strerror(errno)));
  }
  return Status::Ok();
}

Lab::~Lab() {
  if (client_fd_ >= 0) close(client_fd_);
  if (node_fd_ >= 0) close(node_fd_);
  DeleteNetns(client_);
  DeleteNetns(node_);
  std::error_code ec;
  if (!scratch_.empty()) fs::remove_all(scratch_, ec);
}

CommandResult Lab::RunInNode(const std::vector<std::string>& argv, const std::string& stdin_text) {
  std::vector<std::string> full = {"ip", "netns", "exec", node_};
  full.insert(full.end(), argv.begin(), argv.end());
  return RunCommand(full, stdin_text);
}

Status Lab::ResetFirewall() {
  static constexpr std::string_view kFilter =
      "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";
  static constexpr std::string_view kNat =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      ":POSTROUTING ACCEPT [0:0]\nCOMMIT\n";
  for (const auto& [tool, text] :
       {std::pair{"iptables-restore", std::string(kFilter) + std::string(kNat)},
        std::pair{"ip6tables-restore", std::string(kFilter)}}) {
    CommandResult r = RunInNode({tool}, text);
    if (!r.ok()) {
      return Status::IoError(fmt::format("{} in {} failed: {}", tool, node_, r.err));
    }
  }
  return Status::Ok();
}

ScopedNetns::ScopedNetns(int netns_fd) {
  original_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  ok_ = original_ >= 0 && setns(netns_fd, CLONE_NEWNET) == 0;
}

ScopedNetns::~ScopedNetns() {
  if (original_ < 0) return;
  if (ok_) setns(original_, CLONE_NEWNET);
  close(original_);
}

}  // namespace tunnelsim::differential
