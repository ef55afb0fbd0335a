// The table and CSV writers of `tunnelsim cpa` (cpa_output.h).
#include "engine/capacity/cpa_output.h"

#include <fmt/format.h>

#include "engine/capacity/cpa_format.h"
#include "engine/capacity/cpa_table_oom.h"
#include "engine/capacity/lb_default_ports.h"

namespace tunnelsim::capacity {
namespace {

using format::AxisName;
using format::Mib;
using format::Range;
using format::SweepText;
using format::Thousands;
using format::Trimmed;

std::string Cores(int64_t millicores) { return Trimmed(static_cast<double>(millicores) / 1000, 3); }

std::string LoadLine(const cpa::GrowingLoad& load) {
  const cpa::TunnelLoad& f = load.fixed;
  std::string parts;
  auto add = [&](std::string part) { parts += (parts.empty() ? "" : ", ") + part; };
  if (f.logs_follow > 0) add(fmt::format("logs -f {}", Trimmed(f.logs_follow, 2)));
  if (f.exec_sessions > 0) add(fmt::format("exec {}", Trimmed(f.exec_sessions, 2)));
  if (f.port_forwards > 0) add(fmt::format("port-forward {}", Trimmed(f.port_forwards, 2)));
  if (f.webhook_calls_per_second > 0) {
    add(fmt::format("webhooks {}/s x {} ms", Trimmed(f.webhook_calls_per_second, 2),
                    Trimmed(f.webhook_latency_seconds * 1000, 1)));
  }
  if (f.aggregated_api_calls_per_second > 0) {
    add(fmt::format("aggregated APIs {}/s x {} ms", Trimmed(f.aggregated_api_calls_per_second, 2),
                    Trimmed(f.aggregated_api_latency_seconds * 1000, 1)));
  }
  return fmt::format("{} streams + {} per node{}{}", Trimmed(f.ConcurrentStreams(), 2),
                     Trimmed(load.per_node.ConcurrentStreams(), 3), parts.empty() ? "" : ": ",
                     parts);
}

void WriteSetup(const CpaSetup& s, std::string* out) {
  *out += fmt::format("konnectivity-agent capacity: {}\n", s.scenario_name);
  *out += fmt::format("  replicas from  {}\n", format::SourceName(s.source));
  for (const auto& [mode, json] : s.config_map_data) {
    *out += fmt::format("                 {}: {}\n", mode, json);
  }
  std::string pools;
  for (const PoolShape& p : s.pools) {
    pools += fmt::format("{}{} {} x {} cores", pools.empty() ? "" : ", ", p.name,
                         Thousands(p.count), Cores(p.millicores_per_node));
  }
  *out += fmt::format("  cluster now    {} nodes, {} cores: {}\n", Thousands(s.current_nodes),
                      Thousands(s.current_status.schedulable_cores), pools);
  *out += fmt::format("  other sizes    keep this mix: {} cores per node\n",
                      Cores(s.sweep_millicores_per_node));
  if (s.memory_limit_bytes) {
    *out += fmt::format(
        "  agent memory   limit {}{}\n", Mib(*s.memory_limit_bytes),
        s.memory_request_bytes ? fmt::format(", request {}", Mib(*s.memory_request_bytes)) : "");
  } else {
    *out += "  agent memory   no limit: no OOM judgement\n";
  }
  const cpa::AgentMemoryModel& m = s.memory_model;
  *out += fmt::format(
      "  memory model   {} base + {} per stream ({} idle + {}% of {} x {} buffers); estimates, "
      "reference/konnectivity-cpa.md §D\n",
      Mib(m.base_bytes), format::Kib(m.PerStreamBytes()), format::Kib(m.idle_stream_bytes),
      Trimmed(m.buffer_fill * 100, 1), m.xfr_channel_size, format::Kib(m.chunk_bytes));
  *out += fmt::format("  tunnel load    {}\n", LoadLine(s.load));
  if (s.snat.applies) {
    *out += fmt::format(
        "  SNAT           Load Balancer default ports per node, {} frontend IP(s), "
        "reference/azure.md §2.2\n",
        s.snat.frontend_ips);
  } else {
    *out += fmt::format("  SNAT           not shown: {}\n", s.snat.why_not);
  }
}

std::string Headroom(const CapacityFigures& f) {
  return f.has_limit && !f.memory.no_agents ? Mib(f.memory.headroom_bytes) : "-";
}

void WriteSteps(const CpaReport& r, std::string* out) {
  *out += fmt::format("\nReplica steps over {}\n", SweepText(r));
  *out += fmt::format("  {:<14}{:>9}  {:<18}{:<22}{:>12}  {}\n", AxisName(r), "replicas",
                      "streams/replica", "memory/replica", "headroom", "OOM from");
  for (size_t i = 0; i < r.step_figures.size() && i < format::kMaxStepRows; ++i) {
    const StepFigures& f = r.step_figures[i];
    std::string memory =
        f.at_start.memory.busiest_replica_bytes == f.at_end.memory.busiest_replica_bytes
            ? Mib(f.at_end.memory.busiest_replica_bytes)
            : fmt::format("{}..{}", Trimmed(f.at_start.memory.busiest_replica_bytes / 1048576.0, 1),
                          Mib(f.at_end.memory.busiest_replica_bytes));
    *out += fmt::format(
        "  {:<14}{:>9}  {:<18}{:<22}{:>12}  {}\n", Range(f.from, f.to), f.replicas,
        Range(f.at_start.memory.busiest_replica_streams, f.at_end.memory.busiest_replica_streams),
        memory, Headroom(f.at_end),
        f.under_provisioned_from ? Thousands(*f.under_provisioned_from) : "-");
  }
  if (r.step_figures.size() > format::kMaxStepRows) {
    *out += fmt::format("  ... {} more steps (-o json or -o csv lists them all)\n",
                        r.step_figures.size() - format::kMaxStepRows);
  }
}

std::string SizeRow(std::string_view label, const CapacityFigures& f) {
  std::string needed =
      f.has_limit ? (f.replicas_needed ? Thousands(*f.replicas_needed) : "none suffices") : "-";
  std::string snat = f.snat_ports_per_node ? Thousands(*f.snat_ports_per_node) : "-";
  return fmt::format(
      "  {:<11}{:>7}{:>8}{:>10}{:>9}{:>12}{:>12}{:>8}{:>7}  {}\n", label, Thousands(f.nodes),
      Thousands(f.cores), f.replicas, Thousands(f.memory.busiest_replica_streams),
      Mib(f.memory.busiest_replica_bytes), Headroom(f), needed, snat, format::Verdict(f));
}

bool SnatUnknown(const CapacityFigures& f) { return !f.snat_ports_per_node.has_value(); }

void WriteSizes(const CpaSetup& s, const CpaReport& r, std::string* out) {
  *out += "\nKey sizes (the busiest replica; needed = fewest replicas that stay under the limit)\n";
  *out += fmt::format("  {:<11}{:>7}{:>8}{:>10}{:>9}{:>12}{:>12}{:>8}{:>7}  {}\n", "size", "nodes",
                      "cores", "replicas", "streams", "memory", "headroom", "needed", "SNAT",
                      "verdict");
  bool snat_unknown = SnatUnknown(r.current);
  *out += SizeRow("now", r.current);
  if (r.first_under_provisioned) {
    *out += SizeRow("first OOM", *r.first_under_provisioned);
    snat_unknown = snat_unknown || SnatUnknown(*r.first_under_provisioned);
  }
  for (const CapacityFigures& f : r.at) {
    *out += SizeRow("asked", f);
    snat_unknown = snat_unknown || SnatUnknown(f);
  }
  if (s.snat.applies && snat_unknown) {
    *out += fmt::format(
        "  SNAT -: Azure's default port table stops at {} instances (beyond it: unconfirmed)\n",
        Thousands(kDefaultPortTableMaxPool));
  }
}

void WriteTimeline(const CpaSetup& s, const CpaReport& r, std::string* out) {
  if (r.timeline.empty()) return;
  *out += fmt::format(
      "\nGrowth timeline (CPA polls every {} s from the first point, which is taken as steady; "
      "peak memory puts the new load on the replicas from before the poll, as new agent pods "
      "also need time to start)\n",
      r.poll_period_seconds);
  *out +=
      fmt::format("  {:<9}{:>7}  {:<10}{:<9}{:>12}{:>12}  {:<18}{}\n", "time", "nodes", "replicas",
                  "seen at", "peak memory", "headroom", "SNAT ports/node", "verdict");
  for (const TimelineFigures& t : r.timeline) {
    std::string replicas = t.replicas_before == t.replicas
                               ? fmt::format("{}", t.replicas)
                               : fmt::format("{} -> {}", t.replicas_before, t.replicas);
    std::string snat = "-";
    if (t.peak.snat_ports_per_node) {
      snat = Thousands(*t.peak.snat_ports_per_node);
      if (t.previous_snat_ports && *t.previous_snat_ports > *t.peak.snat_ports_per_node) {
        snat += fmt::format(" (was {})", Thousands(*t.previous_snat_ports));
      }
    }
    *out += fmt::format(
        "  {:<9}{:>7}  {:<10}{:<9}{:>12}{:>12}  {:<18}{}\n", format::Duration(t.point.time_seconds),
        Thousands(t.point.nodes), replicas, t.poll_time ? format::Duration(*t.poll_time) : "never",
        Mib(t.peak.memory.busiest_replica_bytes), Headroom(t.peak), snat, format::Verdict(t.peak));
  }
  bool drop = false;
  for (const TimelineFigures& t : r.timeline) {
    drop = drop || (t.previous_snat_ports && t.peak.snat_ports_per_node &&
                    *t.previous_snat_ports > *t.peak.snat_ports_per_node);
  }
  if (drop) {
    *out +=
        "  (was N): the pool crossed a tier of the default port table; Azure reclaims the "
        "ports above the new tier and flows on them close (reference/azure.md §2.2), agents' "
        "tunnel connections included\n";
  }
  if (s.snat.applies) {
    for (const TimelineFigures& t : r.timeline) {
      if (!t.peak.snat_ports_per_node) {
        *out += fmt::format(
            "  SNAT -: Azure's default port table stops at {} instances (beyond it: "
            "unconfirmed)\n",
            Thousands(kDefaultPortTableMaxPool));
        break;
      }
    }
  }
}

// The size to quote in the advice: today's when it is short, else the first short one.
const CapacityFigures* ShortSize(const CpaReport& r) {
  if (r.current.under_provisioned()) return &r.current;
  if (r.first_under_provisioned) return &*r.first_under_provisioned;
  for (const CapacityFigures& f : r.at) {
    if (f.under_provisioned()) return &f;
  }
  for (const TimelineFigures& t : r.timeline) {
    if (t.peak.under_provisioned()) return &t.peak;
  }
  return nullptr;
}

void WriteVerdict(const CpaSetup& s, const CpaReport& r, std::string* out) {
  std::string range = SweepText(r);
  const CapacityFigures* f = ShortSize(r);
  if (f == nullptr) {
    if (s.memory_limit_bytes) {
      *out +=
          fmt::format("\nVerdict: no OOM predicted over {}{}{}, or now ({} nodes).\n", range,
                      r.at.empty() ? "" : ", at the sizes asked",
                      r.timeline.empty() ? "" : ", on the timeline", Thousands(r.current.nodes));
    } else {
      *out += fmt::format(
          "\nVerdict: no memory limit, so no OOM is judged; set "
          "cluster.tunnel.agent.resources.limits.memory to check the ladder.\n");
    }
    return;
  }
  std::string size = format::SizeText(r, *f);
  if (f->memory.no_agents) {
    *out += fmt::format(
        "\nVerdict: the autoscaler gives 0 replicas at {} while there is load: every "
        "tunneled request fails with \"No agent available\".\n",
        size);
  } else {
    *out += fmt::format(
        "\nVerdict: OOM predicted at {}: {} replicas carry {} streams each, {} per "
        "replica over a {} limit.\n",
        size, f->replicas, Thousands(f->memory.busiest_replica_streams),
        Mib(f->memory.busiest_replica_bytes), Mib(f->memory.limit_bytes));
    std::string where = s.source == ReplicaSource::kFixedReplicas
                            ? "cluster.tunnel.agent.replicas, or use an autoscaler ladder"
                            : "the ladder of configmap konnectivity-agent-autoscaler in "
                              "kube-system";
    std::string replicas =
        f->replicas_needed
            ? fmt::format("raise the replicas to at least {} at {} ({})", *f->replicas_needed, size,
                          where)
            : "no replica count is enough, as the base memory alone passes the limit, so";
    *out += fmt::format(
        "  What to do (article Solution 6): {}, or raise the agent's memory limit above {}; "
        "then watch `kubectl get events --all-namespaces | grep -i oomkill`.\n",
        replicas, Mib(f->memory.busiest_replica_bytes));
    if (!r.suggested_ladder.empty()) {
      *out += fmt::format("  A ladder that fits this load over {} (at least {} replicas): {}\n",
                          range, kMinSuggestedReplicas, NodesLadderJson(r.suggested_ladder));
    }
    *out +=
        "  An OOM-killed agent drops the streams it carries (logs -f, exec, port-forward) and "
        "re-dials the API server.\n";
    if (f->oom) {
      const cpa::OomRestartReport& k = f->oom->report;
      *out += fmt::format(
          "  At {} in the first {}: {} of {} replicas OOM-killed{}, {} stream breaks, {} "
          "restarts{}{}.\n",
          size, format::Duration(r.query.oom_window_seconds), k.replicas_killed, k.replicas,
          k.cascade ? " in a cascade" : "", Thousands(k.stream_breaks), Thousands(k.restarts),
          k.settled_seconds ? "" : ", still in CrashLoopBackOff at the end",
          f->oom->redial_snat_ports
              ? fmt::format(", {} SNAT ports for re-dials", Thousands(*f->oom->redial_snat_ports))
              : "");
    }
  }
}

}  // namespace

std::string FormatCpaTable(const CpaSetup& setup, const CpaReport& report) {
  std::string out;
  WriteSetup(setup, &out);
  WriteSteps(report, &out);
  WriteSizes(setup, report, &out);
  WriteOomKills(setup, report, &out);
  WriteTimeline(setup, report, &out);
  WriteVerdict(setup, report, &out);
  WriteOneLoss(report, &out);
  if (!setup.notes.empty()) {
    out += "\nNotes\n";
    for (const std::string& note : setup.notes) out += fmt::format("  - {}\n", note);
  }
  return out;
}

}  // namespace tunnelsim::capacity
