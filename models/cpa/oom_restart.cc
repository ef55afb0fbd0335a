#include "models/cpa/oom_restart.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace tunnelsim::cpa {
namespace {

constexpr int64_t kMaxStreams = 1'000'000'000'000;  // as agent_load.h allows
constexpr int64_t kMaxReplicas = std::numeric_limits<int32_t>::max();
constexpr int64_t kMaxConnections = 1000;
constexpr int64_t kMaxWindowSeconds = 30 * 24 * 3600;
constexpr int64_t kLongAgo = std::numeric_limits<int64_t>::min() / 4;  // before the window
constexpr int64_t kStillOpen = std::numeric_limits<int64_t>::max() / 4;

// One replica's connections to the servers from one start to its kill.
struct ConnectionSet {
  int64_t opened = kLongAgo;
  int64_t closed = kStillOpen;
  friend bool operator==(const ConnectionSet&, const ConnectionSet&) = default;
};

// Replicas that share their whole history so far.
struct Group {
  int64_t count = 0;
  int64_t streams = 0;  // each, while up
  bool up = true;
  int64_t up_since = kLongAgo;
  int64_t restart_at = 0;    // while down
  bool first_to_go = false;  // over its limit at time 0, or forced
  bool ever_killed = false;
  CrashLoopBackOff backoff;
  std::vector<ConnectionSet> connections;

  bool SameFateAs(const Group& o) const {
    return streams == o.streams && up == o.up && up_since == o.up_since &&
           restart_at == o.restart_at && first_to_go == o.first_to_go &&
           ever_killed == o.ever_killed && backoff == o.backoff && connections == o.connections;
  }
};

Status Validate(const OomRestartInput& in) {
  int64_t replicas = 0;
  for (const ReplicaGroup& g : in.initial) {
    if (g.count < 0 || g.streams < 0 || g.streams > kMaxStreams) {
      return Status::InvalidArgument(fmt::format(
          "replica group of {} holding {} streams; expected count >= 0 and 0..{} streams", g.count,
          g.streams, kMaxStreams));
    }
    replicas += std::min(g.count, kMaxReplicas + 1);
    if (replicas > kMaxReplicas) {
      return Status::OutOfRange(fmt::format("more than {} replicas", kMaxReplicas));
    }
  }
  if (in.capacity < -1) {
    return Status::InvalidArgument(
        fmt::format("stream capacity {}; expected -1 or more", in.capacity));
  }
  if (in.forced_kills < 0 || in.forced_kills > replicas) {
    return Status::InvalidArgument(fmt::format("{} forced kills of {} replicas; expected 0..{}",
                                               in.forced_kills, replicas, replicas));
  }
  if (in.connections_per_replica < 1 || in.connections_per_replica > kMaxConnections) {
    return Status::InvalidArgument(fmt::format("{} connections per replica; expected 1..{}",
                                               in.connections_per_replica, kMaxConnections));
  }
  if (in.window_seconds < 1 || in.window_seconds > kMaxWindowSeconds || in.fin_hold_seconds < 0) {
    return Status::InvalidArgument(
        fmt::format("window {} s, FIN hold {} s; expected a window of 1..{} s and a hold >= 0",
                    in.window_seconds, in.fin_hold_seconds, kMaxWindowSeconds));
  }
  return ValidateBackOffPolicy(in.backoff);
}

class Simulation {
 public:
  Simulation(const OomRestartInput& in, int64_t demand) : in_(in), demand_(demand) {
    for (const ReplicaGroup& g : in.initial) {
      if (g.count == 0) continue;
      Group group;
      group.count = g.count;
      group.streams = g.streams;
      group.first_to_go = g.streams > in.capacity;
      group.backoff = CrashLoopBackOff(in.backoff);
      group.connections.push_back({});
      report_.replicas += g.count;
      if (group.first_to_go) report_.over_limit_at_start += g.count;
      groups_.push_back(std::move(group));
    }
  }

  OomRestartReport Run() {
    bool dirty = ForceKills();
    int64_t t = 0, last_event = 0;
    while (t < in_.window_seconds) {
      bool event = dirty;
      while (true) {  // one instant, until nothing changes
        // Kills and the load they move settle first: a restart takes the kubelet a moment,
        // re-opened streams do not wait for it.
        while (true) {
          if (dirty) Spread();
          dirty = false;
          if (!KillOverLimit(t)) break;
          dirty = event = true;
        }
        if (!RestartDue(t)) break;
        dirty = event = true;
      }
      if (event) last_event = t;
      Merge();
      int64_t next = std::numeric_limits<int64_t>::max();
      int64_t up = 0;
      for (const Group& g : groups_) {
        if (g.up) up += g.count;
        if (!g.up) next = std::min(next, g.restart_at);
      }
      if (up == 0) report_.no_agent_seconds += std::min(next, in_.window_seconds) - t;
      t = next;
    }
    bool all_up = std::all_of(groups_.begin(), groups_.end(), [](const Group& g) { return g.up; });
    if (all_up && report_.replicas > 0) report_.settled_seconds = last_event;
    for (const Group& g : groups_) {
      if (g.ever_killed) report_.replicas_killed += g.count;
      report_.peak_connections_per_replica =
          std::max(report_.peak_connections_per_replica, PeakSetsHeld(g));
    }
    report_.peak_connections_per_replica *= in_.connections_per_replica;
    report_.redials = report_.restarts * in_.connections_per_replica;
    return report_;
  }

 private:
  // Splits `take` replicas (0 < take < count) off group i: they become group i, the rest
  // group i + 1.
  void Split(size_t i, int64_t take) {
    Group part = groups_[i];
    part.count = take;
    groups_[i].count -= take;
    groups_.insert(groups_.begin() + static_cast<std::ptrdiff_t>(i), std::move(part));
  }

  // Up groups, longest up first (vector order among equals).
  std::vector<size_t> UpOrder() const {
    std::vector<size_t> order;
    for (size_t i = 0; i < groups_.size(); ++i) {
      if (groups_[i].up) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return groups_[a].up_since < groups_[b].up_since; });
    return order;
  }

  bool ForceKills() {
    int64_t left = in_.forced_kills;
    if (left == 0) return false;
    // The busiest first; among equals the ones up longest (all are at time 0).
    std::vector<size_t> order(groups_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return groups_[a].streams > groups_[b].streams; });
    std::vector<int64_t> take(groups_.size(), 0);
    for (size_t i : order) {
      take[i] = std::min(left, groups_[i].count);
      left -= take[i];
    }
    for (size_t i = groups_.size(); i-- > 0;) {  // back to front: splits shift later groups
      if (take[i] == 0) continue;
      if (take[i] < groups_[i].count) Split(i, take[i]);
      groups_[i].first_to_go = true;
      Kill(groups_[i], 0);
    }
    return true;
  }

  bool RestartDue(int64_t t) {
    bool any = false;
    for (Group& g : groups_) {
      if (g.up || g.restart_at > t) continue;
      g.up = true;
      g.up_since = t;
      g.connections.push_back({t, kStillOpen});
      report_.restarts += g.count;
      any = true;
    }
    return any;
  }

  // The demand evenly over the replicas up: the first `demand mod up` of them, longest up
  // first, hold one stream more.
  void Spread() {
    int64_t up = 0;
    for (const Group& g : groups_) up += g.up ? g.count : 0;
    if (up == 0) return;
    int64_t each = demand_ / up, extra = demand_ % up;
    std::vector<size_t> order = UpOrder();
    // Walk the order; a split inserts the fuller part before the rest of its group.
    for (size_t k = 0; k < order.size(); ++k) {
      size_t i = order[k];
      if (extra > 0 && extra < groups_[i].count) {
        Split(i, extra);
        for (size_t& later : order) later += later > i ? 1 : 0;
        groups_[i].streams = each + 1;
        groups_[i + 1].streams = each;
        extra = 0;
        continue;
      }
      groups_[i].streams = each + (extra > 0 ? 1 : 0);
      extra -= extra > 0 ? groups_[i].count : 0;
    }
  }

  void Kill(Group& g, int64_t t) {
    report_.kills += g.count;
    // Saturates: only pathological inputs (a crash loop of a billion streams) get there.
    if (__builtin_add_overflow(report_.stream_breaks, g.count * g.streams,
                               &report_.stream_breaks)) {
      report_.stream_breaks = std::numeric_limits<int64_t>::max();
    }
    if (!g.first_to_go) report_.cascade = true;
    g.ever_killed = true;
    g.up = false;
    g.streams = 0;
    g.connections.back().closed = t;
    g.restart_at = g.backoff.RestartAfterExit(t);
    report_.max_backoff_seconds = std::max(report_.max_backoff_seconds, g.restart_at - t);
  }

  bool KillOverLimit(int64_t t) {
    bool any = false;
    for (Group& g : groups_) {
      if (g.up && g.streams > in_.capacity) {
        Kill(g, t);
        any = true;
      }
    }
    return any;
  }

  void Merge() {
    for (size_t i = 0; i < groups_.size(); ++i) {
      for (size_t j = groups_.size(); j-- > i + 1;) {
        if (!groups_[i].SameFateAs(groups_[j])) continue;
        groups_[i].count += groups_[j].count;
        groups_.erase(groups_.begin() + static_cast<std::ptrdiff_t>(j));
      }
    }
  }

  // The most connection sets of one replica whose ports are held at once within the window:
  // from opening until fin_hold after closing.
  int64_t PeakSetsHeld(const Group& g) const {
    std::vector<std::pair<int64_t, int>> edges;  // (time, +1 open / -1 released)
    for (const ConnectionSet& c : g.connections) {
      edges.push_back({std::max<int64_t>(c.opened, 0), +1});
      if (c.closed != kStillOpen) edges.push_back({c.closed + in_.fin_hold_seconds, -1});
    }
    std::sort(edges.begin(), edges.end());  // releases sort before opens at one time
    int64_t held = 0, peak = 0;
    for (const auto& [time, delta] : edges) {
      held += delta;
      if (time < in_.window_seconds) peak = std::max(peak, held);
    }
    return peak;
  }

  const OomRestartInput& in_;
  int64_t demand_;
  std::vector<Group> groups_;
  OomRestartReport report_;
};

}  // namespace

std::vector<ReplicaGroup> EvenSpread(int64_t streams, int64_t replicas) {
  std::vector<ReplicaGroup> groups;
  if (replicas <= 0) return groups;
  int64_t fuller = streams % replicas;
  if (fuller > 0) groups.push_back({fuller, streams / replicas + 1});
  if (replicas - fuller > 0) groups.push_back({replicas - fuller, streams / replicas});
  return groups;
}

int64_t StreamCapacity(const AgentMemoryModel& model, int64_t limit_bytes) {
  int64_t room = limit_bytes - model.base_bytes;
  if (room < 0) return -1;
  int64_t per_stream = model.PerStreamBytes();
  if (per_stream <= 0) return std::numeric_limits<int64_t>::max();
  return room / per_stream;
}

Result<OomRestartReport> SimulateOomRestarts(const OomRestartInput& input) {
  if (Status s = Validate(input); !s.ok()) return s;
  int64_t demand = 0;
  for (const ReplicaGroup& g : input.initial) {
    int64_t held = 0;
    if (__builtin_mul_overflow(g.count, g.streams, &held) ||
        __builtin_add_overflow(demand, held, &demand)) {
      return Status::OutOfRange("the replicas hold more streams than int64 counts");
    }
  }
  if (demand > kMaxStreams) {
    return Status::OutOfRange(
        fmt::format("{} streams in all; expected at most {}", demand, kMaxStreams));
  }
  return Simulation(input, demand).Run();
}

}  // namespace tunnelsim::cpa
