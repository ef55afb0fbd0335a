// The OOM-kill parts of the cpa table (cpa_table_oom.h).
#include "engine/capacity/cpa_table_oom.h"

#include <fmt/format.h>

#include "engine/capacity/cpa_format.h"

namespace tunnelsim::capacity {
namespace {

using format::Range;
using format::SweepText;
using format::Thousands;
using format::Trimmed;

std::string OomRow(std::string_view label, const CapacityFigures& f, int64_t window) {
  const OomOutcome& o = *f.oom;
  const cpa::OomRestartReport& k = o.report;
  bool lost = o.trigger == OomOutcome::Trigger::kOneReplicaLost;
  std::string trigger = lost ? "1 lost" : fmt::format("{} over limit", k.over_limit_at_start);
  std::string no_agent =
      window > 0 ? fmt::format("{}%", Trimmed(100.0 * k.no_agent_seconds / window, 0)) : "-";
  auto ports = [](const std::optional<int64_t>& p) { return p ? Thousands(*p) : "-"; };
  return fmt::format(
      "  {:<14}{:>7}{:>9}{:>10}  {:<14}{:>7}  {:<8}{:>14}{:>10}{:>10}{:>10}{:>10}{:>11}  {}\n",
      label, Thousands(f.nodes), Thousands(f.cores), f.replicas, trigger,
      fmt::format("{}/{}", k.replicas_killed, k.replicas), k.cascade ? "yes" : "no",
      Thousands(k.stream_breaks), Thousands(k.restarts),
      k.max_backoff_seconds > 0 ? format::Duration(k.max_backoff_seconds) : "-", no_agent,
      ports(o.redial_snat_ports), ports(o.peak_snat_ports_per_node), format::OomVerdict(o));
}

}  // namespace

// What the kills do at the key sizes and at each step's largest size.
void WriteOomKills(const CpaSetup& s, const CpaReport& r, std::string* out) {
  if (!s.memory_limit_bytes) return;  // no limit: nothing is judged
  int64_t window = r.query.oom_window_seconds;
  cpa::BackOffPolicy backoff;
  *out += fmt::format(
      "\nOOM kills over the first {} (models/cpa/oom_restart.h; where no replica is over its "
      "limit, one is lost to a burst: do the others hold?)\n",
      format::Duration(window));
  *out += fmt::format(
      "  {:<14}{:>7}{:>9}{:>10}  {:<14}{:>7}  {:<8}{:>14}{:>10}{:>10}{:>10}{:>10}{:>11}  {}\n",
      "size", "nodes", "cores", "replicas", "trigger", "killed", "cascade", "stream breaks",
      "restarts", "back-off", "no agent", "re-dials", "held/node", "outcome");
  if (r.current.oom) *out += OomRow("now", r.current, window);
  if (r.first_under_provisioned && r.first_under_provisioned->oom) {
    *out += OomRow("first OOM", *r.first_under_provisioned, window);
  }
  if (r.first_one_loss_cascade && r.first_one_loss_cascade->oom) {
    *out += OomRow("first cascade", *r.first_one_loss_cascade, window);
  }
  for (const CapacityFigures& f : r.at) {
    if (f.oom) *out += OomRow("asked", f, window);
  }
  for (size_t i = 0; i < r.step_figures.size() && i < format::kMaxStepRows; ++i) {
    const StepFigures& f = r.step_figures[i];
    if (f.at_end.oom) *out += OomRow(Range(f.from, f.to), f.at_end, window);
  }
  *out += fmt::format(
      "  Model: a killed agent's streams break and their clients re-open them at once on the "
      "replicas up, spread evenly; the kubelet restarts it at once, then {} after each exit "
      "doubling to {} (CrashLoopBackOff), reset after {} up; a restarted agent takes its share "
      "at once. Step rows are at the step's largest size.\n",
      format::Duration(backoff.initial_seconds), format::Duration(backoff.max_seconds),
      format::Duration(backoff.reset_after_seconds));
  *out +=
      "  What users see: `kubectl logs -f` stops (`error: unexpected EOF` when the cut reaches "
      "kubectl), `kubectl port-forward` prints `lost connection to pod`, `kubectl exec` "
      "sessions end, webhook and aggregated-API calls in flight fail; while no agent is up new "
      "ones fail with \"No agent available\" (reference/konnectivity-cpa.md §C2, §C3; the "
      "logs and exec wording is the model's).\n";
  if (s.snat.redials_take_ports) {
    *out += fmt::format(
        "  Re-dials: each restart dials the {} konnectivity server(s) again; on this public "
        "cluster every new connection takes a SNAT port on the agent's node towards the API "
        "server's IP:443 (reference/azure.md §2.4), while the killed process's ports stay held "
        "{} after their FIN (§2.6, a historical figure): held/node counts both.\n",
        s.server_count, format::Duration(cpa::OomRestartInput{}.fin_hold_seconds));
  } else {
    *out += fmt::format("  Re-dials need no SNAT port: {}.\n", s.snat.redial_why_not);
  }
}

// Whether losing one replica takes the others down somewhere in the range.
void WriteOneLoss(const CpaReport& r, std::string* out) {
  if (!r.current.has_limit) return;  // nothing judged
  if (r.first_one_loss_cascade) {
    const CapacityFigures& f = *r.first_one_loss_cascade;
    *out += fmt::format(
        "  Losing one replica (an OOM kill under a burst of streams) takes the others down from "
        "{}: {} replicas share {} streams and the {} left cannot carry them; keep a replica of "
        "headroom.\n",
        format::SizeText(r, f), f.replicas, Thousands(f.memory.streams), f.replicas - 1);
  } else if (!r.first_under_provisioned) {
    *out += fmt::format(
        "  Losing one replica (an OOM kill under a burst of streams) is absorbed everywhere over "
        "{}: the replicas left carry its streams.\n",
        SweepText(r));
  }
}

}  // namespace tunnelsim::capacity
