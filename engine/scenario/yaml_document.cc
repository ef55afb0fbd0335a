#include "engine/scenario/yaml_document.h"

#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

namespace tunnelsim {
namespace {

// Records where a document's first node starts.
class FirstMark : public YAML::EventHandler {
 public:
  bool seen = false;
  YAML::Mark mark;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Note(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Note(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Note(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Note(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Note(m);
  }
  void OnMapEnd() override {}

 private:
  void Note(const YAML::Mark& m) {
    if (!seen) mark = m;
    seen = true;
  }
};

SourcePos PosOf(const YAML::Mark& mark) {
  return mark.is_null() ? SourcePos{} : SourcePos{mark.line + 1, mark.column + 1};
}

}  // namespace

std::optional<YAML::Node> LoadSingleYamlDocument(std::string_view text, const std::string& file,
                                                 std::string_view what, Diagnostics* d) {
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    FirstMark first, second;
    bool has_first = parser.HandleNextDocument(first);
    if (!has_first) {
      d->Error(file, {}, fmt::format("the file is empty; expected a {}", what));
      return std::nullopt;
    }
    if (parser.HandleNextDocument(second)) {
      bool stuck = second.seen && first.seen && second.mark.pos == first.mark.pos;
      d->Error(
          file, PosOf(second.mark),
          stuck ? std::string("invalid YAML: unexpected character; expected a mapping")
                : fmt::format("a second YAML document starts here; expected exactly one {}", what));
      return std::nullopt;
    }
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string message = e.msg;
    if (message == "bad file") message = "nesting too deep or malformed";  // the depth guard
    d->Error(file, PosOf(e.mark), fmt::format("invalid YAML: {}", message));
    return std::nullopt;
  }
}

}  // namespace tunnelsim
