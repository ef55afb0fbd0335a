#include "tests/differential/case_runner.h"

#include <fmt/format.h>

#include "models/netfilter/iptables_save_parser.h"
#include "tests/differential/ipt_generator.h"
#include "tests/differential/model_oracle.h"
#include "tests/differential/save_text.h"
#include "tests/differential/ufw_generator.h"
#include "tests/differential/ufw_lab.h"
#include "tests/differential/ufw_model_run.h"

namespace tunnelsim::differential {
namespace {

using netfilter::ClientOutcomeName;

constexpr std::string_view kEmptyNat =
    "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    ":POSTROUTING ACCEPT [0:0]\nCOMMIT\n";

// One model view of the node: a parsed ruleset and its evaluator (which borrows the ruleset).
struct ModelView {
  std::string name;
  std::unique_ptr<netfilter::Ruleset> ruleset;
  std::unique_ptr<netfilter::Evaluator> evaluator;
};

Result<ModelView> MakeView(std::string name, const std::string& text) {
  auto parsed = netfilter::ParseIptablesSave(text);
  if (!parsed.ok()) {
    return Status::InvalidArgument(
        fmt::format("the netfilter model refused the {}: {}", name, parsed.status().message()));
  }
  ModelView view;
  view.name = std::move(name);
  view.ruleset = std::make_unique<netfilter::Ruleset>(std::move(parsed).value());
  view.evaluator = std::make_unique<netfilter::Evaluator>(*view.ruleset);
  return view;
}

// Probes the kernel once and compares every probe with each model view.
void CompareProbes(Prober& prober, const std::vector<Probe>& probes,
                   const std::vector<ModelView>& views, std::chrono::milliseconds deadline,
                   const std::string& context, CaseReport& report) {
  static const netfilter::NodeContext node = LabNodeContext();
  std::vector<Observation> seen = prober.Run(probes, deadline);
  for (size_t i = 0; i < probes.size(); ++i) {
    ++report.probes;
    ++report.observed[static_cast<size_t>(seen[i].outcome)];
    std::string mismatch;
    for (const ModelView& view : views) {
      Prediction p = Predict(*view.evaluator, node, probes[i]);
      if (p.outcome == seen[i].outcome) continue;
      mismatch += fmt::format("  model on the {}: {} ({})\n", view.name,
                              ClientOutcomeName(p.outcome), p.explanation);
    }
    if (mismatch.empty()) {
      ++report.agreed;
      continue;
    }
    report.failures.push_back(fmt::format("seed {}: probe {}\n  kernel: {}{}\n{}{}", report.seed,
                                          probes[i].Describe(), ClientOutcomeName(seen[i].outcome),
                                          seen[i].detail.empty() ? "" : " (" + seen[i].detail + ")",
                                          mismatch, context));
  }
}

}  // namespace

CaseReport RunIptablesCase(Lab& lab, Prober& prober, uint64_t seed, const RunOptions& options) {
  IptablesCase c = GenerateIptablesCase(seed, options.generator);
  CaseReport report;
  report.seed = seed;
  std::string context = "--- ruleset (iptables-restore input) ---\n" + c.ruleset;
  auto fail = [&](const std::string& what) {
    report.failures.push_back(fmt::format("seed {}: {}\n{}", seed, what, context));
    return report;
  };

  std::string load = c.ruleset;
  if (load.find("*nat\n") == std::string::npos) load += kEmptyNat;
  CommandResult restored = lab.RunInNode({"iptables-restore"}, load);
  if (!restored.ok())
    return fail("iptables-restore refused the generated ruleset: " + restored.err);
  CommandResult saved = lab.RunInNode({"iptables-save"});
  if (!saved.ok()) return fail("iptables-save failed: " + saved.err);
  context += "--- kernel's iptables-save ---\n" + NormalizeSaveText(saved.out);

  std::vector<ModelView> views;
  for (auto [name, text] : {std::pair{"generated ruleset", c.ruleset},
                            std::pair{"kernel's iptables-save", saved.out}}) {
    auto view = MakeView(name, text);
    if (!view.ok()) return fail(view.status().message());
    views.push_back(std::move(view).value());
  }
  CompareProbes(prober, c.probes, views, options.deadline, context, report);
  return report;
}

CaseReport RunUfwCase(Lab& lab, Prober& prober, uint64_t seed, const RunOptions& options) {
  UfwCase c = GenerateUfwCase(seed, options.generator);
  CaseReport report;
  report.seed = seed;
  std::string context;
  if (!c.existing.empty()) context += "--- rules loaded before ufw ---\n" + c.existing;
  context += "--- ufw commands ---\n";
  for (const std::string& command : c.commands) context += "ufw " + command + "\n";
  auto fail = [&](const std::string& what) {
    report.failures.push_back(fmt::format("seed {} (ufw): {}\n{}", seed, what, context));
    return report;
  };

  auto real = RunRealUfw(lab, c.existing, c.commands);
  if (!real.ok()) return fail(real.status().message());
  ModelUfwRun model = RunUfwModel(c.commands, real->existing_saved);
  for (size_t i = 0; i < c.commands.size(); ++i) {
    ++report.text_checks;
    std::string diff = CompareUfwCommand(model.commands[i], real->commands[i].exit_code,
                                         real->commands[i].out, real->stderr_text);
    if (!diff.empty()) fail(fmt::format("`ufw {}`: {}", c.commands[i], diff));
  }
  if (!model.error.empty()) return fail(model.error);

  ++report.text_checks;
  std::map<std::string, std::string> model_tables = SaveTables(model.iptables_save);
  std::map<std::string, std::string> real_tables = SaveTables(real->iptables_save);
  if (c.existing.empty()) {  // ufw only writes the filter table
    model_tables = {{"filter", model_tables["filter"]}};
    real_tables = {{"filter", real_tables["filter"]}};
  }
  for (const auto& [table, text] : real_tables) {
    std::string diff = DescribeDifference(model_tables[table], text);
    if (!diff.empty()) fail(fmt::format("iptables-save table {} differs, {}", table, diff));
  }
  for (const auto& [table, text] : model_tables) {
    if (!real_tables.contains(table))
      fail(fmt::format("the model has a table {} the kernel lacks", table));
  }

  context += "--- model's iptables-save ---\n" + model.iptables_save;
  auto view = MakeView("model's ufw ruleset", model.iptables_save);
  if (!view.ok()) return fail(view.status().message());
  std::vector<ModelView> views;
  views.push_back(std::move(view).value());
  CompareProbes(prober, c.probes, views, options.deadline, context, report);
  return report;
}

}  // namespace tunnelsim::differential
