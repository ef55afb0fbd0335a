// The `traffic` section: where connections come from, where they go, how their rate varies
// over time (a constant or one of the profile forms), how they arrive, how long they stay
// active and how they end. Each form's own rules (a ramp ends after it starts, times go
// forward, the first step is at 0s, times of day are real) are checked here, at the value.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/scenario/scenario_loader.h"

namespace tunnelsim {
namespace {

constexpr double kMaxRatePerSecond = 1e6;  // per node, as connectionsPerSecond always was
constexpr const char* kRateForms = "constant, ramp, steps, points, daily";

// "HH:MM" or "HH:MM:SS" (hour 0-23 in one or two digits) -> seconds since midnight.
bool ParseTimeOfDay(std::string_view s, double* seconds) {
  int parts[3] = {0, 0, 0};
  size_t count = 0;
  size_t digits = 0;
  for (char c : s) {
    if (c == ':') {
      if (digits == 0 || (count > 0 && digits != 2) || ++count == 3) return false;
      digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 2) {
      parts[count] = parts[count] * 10 + (c - '0');
      ++digits;
    } else {
      return false;
    }
  }
  if (count == 0 || digits != 2) return false;
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return false;
  *seconds = parts[0] * 3600.0 + parts[1] * 60.0 + parts[2];
  return true;
}

bool ReadTimeOfDay(YamlReader& r, const YAML::Node& node, std::string_view what,
                   Located<double>* out) {
  double seconds = 0;
  if (node.IsScalar() && ParseTimeOfDay(node.Scalar(), &seconds)) {
    *out = {seconds, YamlReader::PosOf(node)};
    return true;
  }
  const std::string got = node.IsScalar() ? fmt::format("'{}'", node.Scalar())
                          : node.IsMap()  ? "a mapping"
                                          : "a list";
  r.Error(node, fmt::format("{} must be a time of day HH:MM or HH:MM:SS from 00:00 to 23:59:59; "
                            "got {}",
                            what, got));
  return false;
}

bool ReadRate(YamlReader& r, const YAML::Node& node, std::string_view what, Located<double>* out) {
  return r.ReadDouble(node, what, 0, kMaxRatePerSecond, out);
}

// The forms whose points are a list of {at, perSecond}.
enum class PointsKind { kSteps, kPoints, kDaily };

// Reads the points of `steps`, `points` or `daily.points`: at most limits.max_rate_points,
// times strictly increasing; steps start at 0s.
void ReadRatePoints(YamlReader& r, const YAML::Node& node, PointsKind kind,
                    const ScenarioLimits& limits, std::vector<RatePointSpec>* out) {
  const std::string_view list = kind == PointsKind::kSteps ? "'steps'" : "'points'";
  const std::string_view one = kind == PointsKind::kSteps ? "step" : "point";
  if (!r.CheckSequence(node, list, limits.max_rate_points)) return;
  if (node.size() == 0) {
    r.Error(node, fmt::format("{} is empty; expected at least one {}", list, one));
    return;
  }
  std::string previous_text;  // the previous point's `at` as written, when it was read
  for (const YAML::Node& item : node) {
    MapFields m(&r, item, fmt::format("a {}", one));
    RatePointSpec point;
    point.pos = m.pos();
    bool at_ok = false;
    std::string at_text;
    if (YAML::Node at = m.Require("at"); at.IsDefined()) {
      at_ok = kind == PointsKind::kDaily ? ReadTimeOfDay(r, at, "'at'", &point.at)
                                         : r.ReadDuration(at, "'at'", &point.at);
      if (at_ok) at_text = at.Scalar();
    }
    if (YAML::Node rate = m.Require("perSecond"); rate.IsDefined()) {
      ReadRate(r, rate, "'perSecond'", &point.per_second);
    }
    m.Finish();
    if (at_ok && out->empty() && kind == PointsKind::kSteps && point.at.value != 0) {
      r.Error(point.at.pos, fmt::format("the first step is at {}; expected 0s (steps give the "
                                        "rate from the start)",
                                        at_text));
    }
    if (at_ok && !previous_text.empty() && point.at.value <= out->back().at.value) {
      r.Error(point.at.pos,
              fmt::format("{} at {} does not come after the previous one at {}; expected times "
                          "in increasing order",
                          one, at_text, previous_text));
    }
    previous_text = at_ok ? at_text : "";
    out->push_back(std::move(point));
  }
}

void ReadRamp(YamlReader& r, const YAML::Node& node, TrafficRate* out) {
  MapFields m(&r, node, "'ramp'");
  if (YAML::Node n = m.Require("from"); n.IsDefined()) ReadRate(r, n, "'from'", &out->from);
  if (YAML::Node n = m.Require("to"); n.IsDefined()) ReadRate(r, n, "'to'", &out->to);
  bool start_ok = true;
  std::string start_text = "0s";
  if (YAML::Node n = m.Take("start"); n.IsDefined()) {
    start_ok = r.ReadDuration(n, "'start'", &out->start);
    if (start_ok) start_text = n.Scalar();
  }
  YAML::Node end = m.Require("end");
  if (end.IsDefined() && r.ReadDuration(end, "'end'", &out->end) && start_ok &&
      out->end.value <= out->start.value) {
    r.Error(end, fmt::format("'end' {} is not after 'start' {}; expected the ramp to end after "
                             "it starts",
                             end.Scalar(), start_text));
  }
  m.Finish();
}

void ReadDaily(YamlReader& r, const YAML::Node& node, const ScenarioLimits& limits,
               TrafficRate* out) {
  MapFields m(&r, node, "'daily'");
  if (YAML::Node n = m.Require("points"); n.IsDefined()) {
    ReadRatePoints(r, n, PointsKind::kDaily, limits, &out->points);
  }
  if (YAML::Node n = m.Take("start"); n.IsDefined()) ReadTimeOfDay(r, n, "'start'", &out->start);
  m.Finish();
}

void ReadRateForms(YamlReader& r, const YAML::Node& node, const ScenarioLimits& limits,
                   TrafficRate* out) {
  out->pos = YamlReader::PosOf(node);
  MapFields m(&r, node, "'rate'");
  const std::pair<std::string_view, TrafficRate::Form> forms[] = {
      {"constant", TrafficRate::Form::kConstant}, {"ramp", TrafficRate::Form::kRamp},
      {"steps", TrafficRate::Form::kSteps},       {"points", TrafficRate::Form::kPoints},
      {"daily", TrafficRate::Form::kDaily},
  };
  std::vector<std::pair<std::string_view, YAML::Node>> given;
  for (const auto& [key, form] : forms) {
    if (YAML::Node n = m.Take(key); n.IsDefined()) {
      given.emplace_back(key, n);
      out->form = form;
    }
  }
  if (m.valid() && given.empty()) {
    r.Error(node, fmt::format("'rate' needs one of {}; got none", kRateForms));
  } else if (given.size() > 1) {
    r.Error(node, fmt::format("'rate' has both '{}' and '{}'; expected exactly one of {}",
                              given[0].first, given[1].first, kRateForms));
  } else if (given.size() == 1) {
    const YAML::Node& n = given[0].second;
    switch (out->form) {
      case TrafficRate::Form::kConstant:
        ReadRate(r, n, "'constant'", &out->per_second);
        break;
      case TrafficRate::Form::kRamp:
        ReadRamp(r, n, out);
        break;
      case TrafficRate::Form::kSteps:
        ReadRatePoints(r, n, PointsKind::kSteps, limits, &out->points);
        break;
      case TrafficRate::Form::kPoints:
        ReadRatePoints(r, n, PointsKind::kPoints, limits, &out->points);
        break;
      case TrafficRate::Form::kDaily:
        ReadDaily(r, n, limits, out);
        break;
      case TrafficRate::Form::kPerSecond:
        break;
    }
  }
  m.Finish();
}

// `duration: 2s` (fixed) or `duration: {mean: 2s, distribution: fixed | exponential}`.
void ReadTrafficDuration(YamlReader& r, const YAML::Node& node, TrafficSpec* out) {
  if (!node.IsMap()) {
    r.ReadDuration(node, "'duration'", &out->duration_seconds);
    return;
  }
  MapFields m(&r, node, "'duration'");
  YAML::Node mean = m.Require("mean");
  const bool mean_ok = mean.IsDefined() && r.ReadDuration(mean, "'mean'", &out->duration_seconds);
  if (YAML::Node n = m.Take("distribution"); n.IsDefined()) {
    r.ReadEnum(n, "'distribution'", {"fixed", "exponential"}, &out->duration_distribution);
  }
  // An exponential duration of mean 0 has no distribution (models/snat sim_config.h).
  if (mean_ok && out->duration_distribution.value == "exponential" &&
      out->duration_seconds.value <= 0) {
    r.Error(mean, fmt::format("'mean' is {} with an exponential distribution; expected more than "
                              "0s",
                              mean.Scalar()));
  }
  m.Finish();
}

}  // namespace

void ScenarioLoader::ReadTraffic(const YAML::Node& node, TrafficSpec* out) {
  MapFields m(&r_, node, "a traffic entry");
  out->pos = m.pos();
  RequiredString(r_, m, "name", &out->name);
  if (YAML::Node from = m.Require("from"); from.IsDefined()) {
    MapFields f(&r_, from, "'from'");
    YAML::Node pool = f.Take("nodePool");
    YAML::Node one_node = f.Take("node");
    if (pool.IsDefined() && one_node.IsDefined()) {
      r_.Error(from, "'from' has both 'nodePool' and 'node'; expected exactly one of them");
    } else if (pool.IsDefined()) {
      r_.ReadString(pool, "'nodePool'", &out->from_node_pool);
    } else if (one_node.IsDefined()) {
      r_.ReadString(one_node, "'node'", &out->from_node);
    } else if (f.valid()) {
      r_.Error(from, "'from' needs 'nodePool' or 'node'; expected exactly one of them");
    }
    f.Finish();
  }
  if (YAML::Node dest = m.Require("destination"); dest.IsDefined()) {
    MapFields d(&r_, dest, "'destination'");
    RequiredString(r_, d, "address", &out->destination_address);
    OptionalInt(r_, d, "port", 1, 65535, &out->destination_port);
    if (YAML::Node n = d.Take("protocol"); n.IsDefined()) {
      r_.ReadEnum(n, "'protocol'", {"Tcp", "Udp"}, &out->destination_protocol);
    }
    d.Finish();
  }
  YAML::Node per_second = m.Take("connectionsPerSecond");
  YAML::Node rate = m.Take("rate");
  if (per_second.IsDefined() && rate.IsDefined()) {
    r_.Error(out->pos,
             "a traffic entry has both 'connectionsPerSecond' and 'rate'; expected exactly one "
             "of them");
  } else if (per_second.IsDefined()) {
    out->rate.form = TrafficRate::Form::kPerSecond;
    out->rate.pos = YamlReader::PosOf(per_second);
    ReadRate(r_, per_second, "'connectionsPerSecond'", &out->rate.per_second);
  } else if (rate.IsDefined()) {
    ReadRateForms(r_, rate, limits_, &out->rate);
  } else if (m.valid()) {
    r_.Error(out->pos,
             "a traffic entry needs 'connectionsPerSecond' or 'rate'; expected exactly one of "
             "them");
  }
  if (YAML::Node n = m.Take("arrivals"); n.IsDefined()) {
    r_.ReadEnum(n, "'arrivals'", {"poisson", "evenlySpaced"}, &out->arrivals);
  }
  if (YAML::Node n = m.Take("duration"); n.IsDefined()) ReadTrafficDuration(r_, n, out);
  if (YAML::Node n = m.Take("close"); n.IsDefined()) {
    r_.ReadEnum(n, "'close'", {"fin", "rst", "idle"}, &out->close);
  }
  if (YAML::Node pool = m.Take("pool"); pool.IsDefined()) {
    MapFields p(&r_, pool, "'pool'");
    OptionalInt(r_, p, "size", 0, 64000, &out->pool_size);
    OptionalBool(r_, p, "keepalive", &out->pool_keepalive);
    p.Finish();
  }
  m.Finish();
}

}  // namespace tunnelsim
