// Differential test of models/netfilter and models/ufw against the Linux kernel (issue 3):
// generated iptables rulesets and ufw command lists are applied in a pair of network
// namespaces and probed with real TCP/UDP connections; every outcome must equal the model's.
// See README.md for the knobs (TUNNELSIM_DIFF_*). Needs root; skips otherwise, unless
// TUNNELSIM_DIFF_REQUIRE=1 (CI) turns the skip into a failure.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/differential/case_runner.h"
#include "tests/differential/netns_lab.h"
#include "tests/differential/prober.h"
#include "tests/differential/seeds.h"
#include "tests/differential/ufw_lab.h"

namespace tunnelsim::differential {
namespace {

using netfilter::ClientOutcome;
using std::chrono::milliseconds;

// Default seed lists: 260 iptables cases and 64 ufw cases (324 in all).
constexpr std::string_view kDefaultIptablesSeeds = "1-260";
constexpr std::string_view kDefaultUfwSeeds = "1-64";
constexpr int kMaxPrintedFailures = 25;

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

milliseconds Deadline() { return milliseconds(EnvInt("TUNNELSIM_DIFF_TIMEOUT_MS", 500)); }

#define SKIP_UNLESS(reason_expression)                                             \
  do {                                                                             \
    std::string reason = (reason_expression);                                      \
    if (!reason.empty()) {                                                         \
      if (EnvInt("TUNNELSIM_DIFF_REQUIRE", 0) != 0) FAIL() << reason;              \
      GTEST_SKIP() << reason << " (set TUNNELSIM_DIFF_REQUIRE=1 to fail instead)"; \
    }                                                                              \
  } while (0)

using CaseFn = CaseReport (*)(Lab&, Prober&, uint64_t, const RunOptions&);

RunOptions OptionsFromEnv() {
  RunOptions options;
  options.deadline = Deadline();
  // UDP with icmp-net/host-unreachable is generated again since the model learnt that the
  // kernel treats those as soft errors; TUNNELSIM_DIFF_KNOWN_BUGS=0 leaves them out.
  options.generator.udp_soft_icmp_rejects = EnvInt("TUNNELSIM_DIFF_KNOWN_BUGS", 1) != 0;
  return options;
}

// Runs the cases on TUNNELSIM_DIFF_WORKERS threads (default 2), each with its own lab, and
// returns the reports in seed order.
std::vector<CaseReport> RunAll(const std::string& tag, const std::vector<uint64_t>& seeds,
                               CaseFn run_case, std::vector<std::string>& lab_errors) {
  CleanStaleLabs();
  const RunOptions options = OptionsFromEnv();
  std::vector<CaseReport> reports(seeds.size());
  std::atomic<size_t> next{0};
  std::mutex errors_mutex;
  int workers = std::max(1, EnvInt("TUNNELSIM_DIFF_WORKERS", 2));
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      auto fail = [&](const std::string& what) {
        std::lock_guard<std::mutex> lock(errors_mutex);
        lab_errors.push_back(what);
      };
      auto lab = Lab::Create(fmt::format("{}{}", tag, w));
      if (!lab.ok()) return fail(lab.status().message());
      auto prober = Prober::Create(**lab);
      if (!prober.ok()) return fail(prober.status().message());
      for (size_t i; (i = next.fetch_add(1)) < seeds.size();) {
        reports[i] = run_case(**lab, **prober, seeds[i], options);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  return reports;
}

void Summarize(const std::string& what, const std::vector<CaseReport>& reports,
               std::chrono::steady_clock::duration took) {
  int probes = 0, agreed = 0, checks = 0, failed_cases = 0, printed = 0, not_run = 0;
  std::array<int, 5> observed{};
  for (const CaseReport& r : reports) {
    for (size_t k = 0; k < observed.size(); ++k) observed[k] += r.observed[k];
    probes += r.probes;
    agreed += r.agreed;
    checks += r.text_checks;
    if (!r.failures.empty()) ++failed_cases;
    if (r.probes == 0 && r.failures.empty()) ++not_run;
    for (const std::string& f : r.failures) {
      if (printed++ < kMaxPrintedFailures) ADD_FAILURE() << f;
    }
  }
  EXPECT_EQ(not_run, 0) << "cases never run (no lab could be built)";
  if (printed > kMaxPrintedFailures) {
    ADD_FAILURE() << (printed - kMaxPrintedFailures) << " more disagreements not shown";
  }
  double seconds = std::chrono::duration<double>(took).count();
  std::string line = fmt::format(
      "{}: {} cases, {} probes, {} agree ({:.2f}%), {} text checks, {} cases with a "
      "disagreement, {:.1f} s; kernel outcomes: {} connected, {} refused, {} timeout, {} "
      "unreachable, {} unknown",
      what, reports.size(), probes, agreed, probes == 0 ? 0.0 : 100.0 * agreed / probes, checks,
      failed_cases, seconds, observed[0], observed[1], observed[2], observed[3], observed[4]);
  std::cout << line << "\n";
  ::testing::Test::RecordProperty("summary", line);
}

TEST(DifferentialLab, ProbesSeeWhatTheKernelDoes) {
  SKIP_UNLESS(LabUnavailableReason());
  CleanStaleLabs();
  auto lab = Lab::Create("sanity");
  ASSERT_TRUE(lab.ok()) << lab.status().message();
  auto prober = Prober::Create(**lab);
  ASSERT_TRUE(prober.ok()) << prober.status().message();
  // Ground truth from reference/netfilter-ufw.md §3 and §1 (nat before filter).
  CommandResult loaded = (*lab)->RunInNode(
      {"iptables-restore"},
      "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      "-A INPUT -p tcp --dport 22 -j DROP\n"
      "-A INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset\n"
      "-A INPUT -p tcp --dport 8080 -j REJECT --reject-with icmp-host-prohibited\n"
      "-A INPUT -p tcp --dport 10251 -j REJECT\n"
      "-A INPUT -p udp --dport 80 -j DROP\n"
      "COMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      ":POSTROUTING ACCEPT [0:0]\n"
      "-A PREROUTING -p tcp --dport 10255 -j REDIRECT --to-ports 10250\n"
      "COMMIT\n");
  ASSERT_TRUE(loaded.ok()) << loaded.err;
  struct Expect {
    Probe probe;
    ClientOutcome outcome;
  };
  auto tcp = [](std::string src, std::string dst, uint16_t port, uint16_t sport) {
    return Probe{IpProtocol::kTcp, std::move(src), sport, std::move(dst), port};
  };
  auto udp = [](uint16_t port, uint16_t sport) {
    return Probe{IpProtocol::kUdp, "10.250.0.1", sport, "10.250.0.2", port};
  };
  std::vector<Expect> expected = {
      {tcp("10.250.0.1", "10.250.0.2", 22, 61001), ClientOutcome::kTimeout},
      {tcp("10.250.0.1", "10.250.0.2", 80, 61002), ClientOutcome::kRefused},
      {tcp("10.250.0.1", "10.250.0.2", 8080, 61003), ClientOutcome::kUnreachable},
      {tcp("10.250.0.1", "10.250.0.2", 10251, 61004), ClientOutcome::kRefused},
      {tcp("10.250.0.1", "10.250.0.2", 10250, 61005), ClientOutcome::kConnected},
      {tcp("10.250.0.1", "10.250.0.2", 10256, 61006), ClientOutcome::kRefused},
      {tcp("10.250.0.9", "10.250.0.2", 10255, 61007), ClientOutcome::kConnected},
      {tcp("10.251.0.5", "10.252.0.1", 10250, 61008), ClientOutcome::kConnected},
      {tcp("10.252.0.9", "10.250.0.3", 10250, 61009), ClientOutcome::kConnected},
      {tcp("10.250.0.200", "10.252.0.1", 22, 61010), ClientOutcome::kTimeout},
      {udp(80, 61011), ClientOutcome::kTimeout},
      {udp(10250, 61012), ClientOutcome::kConnected},
      {udp(10256, 61013), ClientOutcome::kRefused},
  };
  std::vector<Probe> probes;
  for (const Expect& e : expected) probes.push_back(e.probe);
  std::vector<Observation> seen = (*prober)->Run(probes, Deadline());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(netfilter::ClientOutcomeName(seen[i].outcome),
              netfilter::ClientOutcomeName(expected[i].outcome))
        << probes[i].Describe() << " " << seen[i].detail;
  }
}

TEST(Differential, IptablesRulesetsAgreeWithKernel) {
  SKIP_UNLESS(LabUnavailableReason());
  auto seeds = ParseSeeds(EnvOr("TUNNELSIM_DIFF_IPT_SEEDS", kDefaultIptablesSeeds));
  ASSERT_TRUE(seeds.ok()) << seeds.status().message();
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> lab_errors;
  std::vector<CaseReport> reports = RunAll("ipt", *seeds, RunIptablesCase, lab_errors);
  for (const std::string& e : lab_errors) ADD_FAILURE() << "lab: " << e;
  Summarize("iptables", reports, std::chrono::steady_clock::now() - start);
}

TEST(Differential, UfwCommandListsAgreeWithKernel) {
  SKIP_UNLESS(LabUnavailableReason());
  std::string no_ufw = UfwUnavailableReason();
  ASSERT_TRUE(no_ufw.empty()) << no_ufw;
  auto seeds = ParseSeeds(EnvOr("TUNNELSIM_DIFF_UFW_SEEDS", kDefaultUfwSeeds));
  ASSERT_TRUE(seeds.ok()) << seeds.status().message();
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> lab_errors;
  std::vector<CaseReport> reports = RunAll("ufw", *seeds, RunUfwCase, lab_errors);
  for (const std::string& e : lab_errors) ADD_FAILURE() << "lab: " << e;
  Summarize("ufw", reports, std::chrono::steady_clock::now() - start);
}

}  // namespace
}  // namespace tunnelsim::differential
