#include "engine/changeset/az_args.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/scenario/yaml_reader.h"

namespace tunnelsim {
namespace {

constexpr std::string_view kOutputFormats[] = {"json", "jsonc", "none", "table",
                                               "tsv",  "yaml",  "yamlc"};

// Options of every az command (knack's global arguments plus --subscription, which every
// resource command takes). They change how az prints, not what it changes.
constexpr AzOption kGlobalOptions[] = {
    {"--output", "-o", AzArity::kOne, false, kOutputFormats},
    {"--query", "", AzArity::kOne},
    {"--subscription", "", AzArity::kOne},
    {"--only-show-errors", "", AzArity::kFlag},
    {"--debug", "", AzArity::kFlag},
    {"--verbose", "", AzArity::kFlag},
    {"--help", "-h", AzArity::kFlag, false, {}, "prints the command's help and changes nothing"},
};

// argparse: a word starting with '-' is an option unless it is a negative number, is "-"
// alone, or contains a space.
bool IsOptionLike(const std::string& text) {
  if (text.size() < 2 || text[0] != '-') return false;
  if (text.find(' ') != std::string::npos) return false;
  bool number = true;
  for (size_t i = 1; i < text.size(); ++i) {
    number = number && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.');
  }
  return !number;
}

const AzOption* Find(std::span<const AzOption> options, std::string_view name) {
  for (const AzOption& o : options) {
    if (o.name == name || (!o.alias.empty() && o.alias == name) ||
        (!o.alias2.empty() && o.alias2 == name)) {
      return &o;
    }
  }
  for (const AzOption& o : kGlobalOptions) {
    if (o.name == name || (!o.alias.empty() && o.alias == name)) return &o;
  }
  return nullptr;
}

// Splits an option word into its name and, for `--name=value` / `-nvalue` / `-n=value`, the
// index where the value starts.
std::string_view OptionName(const std::string& text, std::optional<size_t>* value_start) {
  std::string_view view(text);
  if (view.starts_with("--")) {
    size_t eq = view.find('=');
    if (eq == std::string_view::npos) return view;
    *value_start = eq + 1;
    return view.substr(0, eq);
  }
  if (view.size() > 2) *value_start = view[2] == '=' ? 3 : 2;
  return view.substr(0, 2);
}

std::string QuotedList(std::span<const std::string_view> items) {
  std::vector<std::string> quoted;
  for (std::string_view item : items) quoted.push_back(fmt::format("'{}'", item));
  return fmt::format("{}", fmt::join(quoted, ", "));
}

}  // namespace

std::string AzDisplayName(const AzOption& option) {
  std::string name(option.name);
  if (!option.alias.empty()) name += "/" + std::string(option.alias);
  return name;
}

std::optional<AzArgs> AzArgs::Parse(const CommandContext& ctx, std::string_view command,
                                    const ShellWord& anchor, std::span<const ShellWord> args,
                                    std::span<const AzOption> options) {
  AzArgs out;
  bool ok = true;
  std::vector<const ShellWord*> extras;
  std::vector<const AzOption*> mentioned;  // given, even when with a bad value
  for (size_t i = 0; i < args.size(); ++i) {
    const ShellWord& word = args[i];
    if (!IsOptionLike(word.text)) {
      extras.push_back(&word);  // these commands take no positional arguments
      continue;
    }
    std::optional<size_t> value_start;
    std::string_view name = OptionName(word.text, &value_start);
    const AzOption* spec = Find(options, name);
    if (spec == nullptr) {
      extras.push_back(&word);
      continue;
    }
    mentioned.push_back(spec);
    AzParsedOption parsed{spec, &word, {}};
    auto take = [&](const ShellWord& w, size_t start) {
      parsed.values.push_back({w.text.substr(start), &w, start});
    };
    std::string display = AzDisplayName(*spec);
    if (spec->arity == AzArity::kFlag) {
      if (value_start) {
        ctx.Error(ctx.PosOf(word, *value_start),
                  fmt::format("argument {}: ignored explicit argument '{}'", display,
                              word.text.substr(*value_start)));
        ok = false;
      }
    } else if (value_start) {
      take(word, *value_start);
    } else {
      while (i + 1 < args.size() && !IsOptionLike(args[i + 1].text)) {
        take(args[++i], 0);
        if (spec->arity == AzArity::kOne) break;
      }
      if (parsed.values.empty()) {
        ctx.Error(
            ctx.PosOf(word),
            fmt::format("argument {}: expected {}", display,
                        spec->arity == AzArity::kOne ? "one argument" : "at least one argument"));
        ok = false;
        continue;
      }
    }
    if (!spec->refused.empty()) {
      ctx.Error(ctx.PosOf(word), fmt::format("{} {}", name, spec->refused));
      ok = false;
      continue;
    }
    for (ArgValue& value : parsed.values) {
      if (spec->choices.empty()) continue;
      bool matched = false;
      for (std::string_view choice : spec->choices) {
        if (EqualsIgnoreCase(value.text, choice)) {
          value.text = std::string(choice);
          matched = true;
          break;
        }
      }
      if (!matched) {
        ctx.Error(value.PosAt(ctx),
                  fmt::format("argument {}: invalid choice: '{}' (choose from {})", display,
                              value.text, QuotedList(spec->choices)));
        ok = false;
      }
    }
    std::erase_if(out.given_, [&](const AzParsedOption& o) { return o.spec == spec; });
    out.given_.push_back(std::move(parsed));
  }
  std::vector<std::string> missing;
  for (const AzOption& o : options) {
    if (o.required && std::find(mentioned.begin(), mentioned.end(), &o) == mentioned.end()) {
      missing.push_back(AzDisplayName(o));
    }
  }
  if (!missing.empty()) {
    ctx.Error(ctx.PosOf(anchor),
              fmt::format("the following arguments are required: {}", fmt::join(missing, ", ")));
    ok = false;
  }
  if (!extras.empty()) {
    std::vector<std::string> texts;
    for (const ShellWord* w : extras) texts.push_back(w->text);
    std::vector<std::string> names;
    for (const AzOption& o : options) {
      if (o.refused.empty()) names.emplace_back(o.name);
    }
    std::string hint;
    std::optional<size_t> value_start;
    std::string suggestion = ClosestMatch(OptionName(extras.front()->text, &value_start), names);
    if (IsOptionLike(extras.front()->text) && !suggestion.empty()) {
      hint = fmt::format("; did you mean {}?", suggestion);
    } else {
      hint = fmt::format("; {} takes {}", command, fmt::join(names, ", "));
    }
    ctx.Error(ctx.PosOf(*extras.front()),
              fmt::format("unrecognized arguments: {}{}", fmt::join(texts, " "), hint));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

const AzParsedOption* AzArgs::Get(std::string_view name) const {
  for (const AzParsedOption& o : given_) {
    if (o.spec->name == name) return &o;
  }
  return nullptr;
}

const ArgValue* AzArgs::Value(std::string_view name) const {
  const AzParsedOption* o = Get(name);
  return o == nullptr || o->values.empty() ? nullptr : &o->values.front();
}

std::optional<Located<int64_t>> AzIntValue(const CommandContext& ctx, const AzOption& option,
                                           const ArgValue& value) {
  std::optional<int64_t> n = ParsePythonInt(value.text);
  if (!n) {
    ctx.Error(value.PosAt(ctx), fmt::format("argument {}: invalid int value: '{}'",
                                            AzDisplayName(option), value.text));
    return std::nullopt;
  }
  return Located<int64_t>(*n, value.PosAt(ctx));
}

}  // namespace tunnelsim
