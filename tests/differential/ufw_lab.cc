#include "tests/differential/ufw_lab.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace tunnelsim::differential {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = "@@tsdiff-exit ";

// ufw 0.36's packaged /etc/default/ufw values (reference/netfilter-ufw.md §4.1), written by us
// so a host that changed its own copy does not change the test.
constexpr std::string_view kDefaultUfw =
    "IPV6=yes\n"
    "DEFAULT_INPUT_POLICY=\"DROP\"\n"
    "DEFAULT_OUTPUT_POLICY=\"ACCEPT\"\n"
    "DEFAULT_FORWARD_POLICY=\"DROP\"\n"
    "DEFAULT_APPLICATION_POLICY=\"SKIP\"\n"
    "MANAGE_BUILTINS=no\n"
    "IPT_SYSCTL=/etc/ufw/sysctl.conf\n"
    "IPT_MODULES=\"\"\n";

constexpr std::string_view kPackagedFiles[] = {"before.rules", "before6.rules", "after.rules",
                                               "after6.rules", "user.rules",    "user6.rules",
                                               "before.init",  "after.init",    "ufw.conf"};

std::string WordsToShell(const std::string& command) {
  std::istringstream in(command);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return ShellJoin(words);
}

Status WriteFile(const fs::path& path, std::string_view text) {
  std::ofstream out(path);
  out << text;
  return out.good() ? Status::Ok() : Status::IoError(fmt::format("cannot write {}", path.string()));
}

// Fresh private copies of ufw's configuration and state folders under `dir`.
Status PrepareFiles(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir / "lib-ufw", ec);
  fs::copy("/etc/ufw", dir / "etc-ufw", fs::copy_options::recursive, ec);
  if (ec) return Status::IoError(fmt::format("cannot copy /etc/ufw: {}", ec.message()));
  for (std::string_view name : kPackagedFiles) {
    fs::copy_file(fs::path("/usr/share/ufw") / name, dir / "etc-ufw" / name,
                  fs::copy_options::overwrite_existing, ec);
    if (ec)
      return Status::IoError(fmt::format("cannot copy /usr/share/ufw/{}: {}", name, ec.message()));
  }
  for (std::string_view name : {"ufw-init", "ufw-init-functions"}) {
    fs::copy_file(fs::path("/lib/ufw") / name, dir / "lib-ufw" / name, ec);
    if (ec) return Status::IoError(fmt::format("cannot copy /lib/ufw/{}: {}", name, ec.message()));
  }
  return WriteFile(dir / "default-ufw", kDefaultUfw);
}

std::string Script(const fs::path& dir, const std::vector<std::string>& commands) {
  std::string script = fmt::format(
      "mount --bind {0}/etc-ufw /etc/ufw || exit 97\n"
      "mount --bind {0}/default-ufw /etc/default/ufw || exit 97\n"
      "mount --bind {0}/lib-ufw /lib/ufw || exit 97\n",
      ShellQuote(dir.string()));
  for (const std::string& command : commands) {
    // The marker starts on a line of its own even when ufw's output has no final newline.
    script +=
        fmt::format("ufw {}\nrc=$?\nprintf '\\n{}%d\\n' \"$rc\"\n", WordsToShell(command), kMarker);
  }
  return script;
}

}  // namespace

std::string UfwUnavailableReason() {
  for (const char* path : {"/usr/sbin/ufw", "/usr/share/ufw/before.rules", "/lib/ufw/ufw-init",
                           "/etc/ufw/sysctl.conf"}) {
    if (!fs::exists(path)) return fmt::format("{} is missing: install ufw", path);
  }
  return "";
}

Result<RealUfwRun> RunRealUfw(Lab& lab, const std::string& existing,
                              const std::vector<std::string>& commands) {
  RealUfwRun run;
  if (Status s = lab.ResetFirewall(); !s.ok()) return s;
  if (!existing.empty()) {
    CommandResult loaded = lab.RunInNode({"iptables-restore"}, existing);
    if (!loaded.ok()) {
      return Status::IoError(fmt::format("iptables-restore of the existing rules failed: {}\n{}",
                                         loaded.err, existing));
    }
    CommandResult saved = lab.RunInNode({"iptables-save"});
    if (!saved.ok()) return Status::IoError("iptables-save failed: " + saved.err);
    run.existing_saved = saved.out;
  }
  fs::path dir = fs::path(lab.scratch_dir()) / "ufw";
  if (Status s = PrepareFiles(dir); !s.ok()) return s;
  fs::path script = dir / "commands.sh";
  if (Status s = WriteFile(script, Script(dir, commands)); !s.ok()) return s;

  CommandResult r = lab.RunInNode({"env", "TESTSTATE=1", "sh", script.string()});
  run.stderr_text = r.err;
  std::string marker = "\n" + std::string(kMarker);
  for (size_t start = 0, at; (at = r.out.find(marker, start)) != std::string::npos;) {
    size_t code = at + marker.size();
    size_t end = r.out.find('\n', code);
    if (end == std::string::npos) break;
    run.commands.push_back(
        {std::stoi(r.out.substr(code, end - code)), r.out.substr(start, at - start)});
    start = end + 1;
  }
  if (run.commands.size() != commands.size()) {
    return Status::IoError(
        fmt::format("the ufw script stopped after {} of {} commands (exit {}): {}",
                    run.commands.size(), commands.size(), r.exit_code, r.err));
  }
  CommandResult saved = lab.RunInNode({"iptables-save"});
  if (!saved.ok()) return Status::IoError("iptables-save failed: " + saved.err);
  run.iptables_save = saved.out;
  return run;
}

}  // namespace tunnelsim::differential
