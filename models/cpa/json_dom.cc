#include "models/cpa/json_dom.h"

#include <string>

#include <fmt/format.h>

#include "models/cpa/go_format.h"

namespace tunnelsim::cpa {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Recursive descent over the input. Recursion depth is bounded by kMaxJsonDepth.
class Scanner {
 public:
  explicit Scanner(std::string_view in) : in_(in) {}

  Result<JsonDocument> Run() {
    if (in_.size() > kMaxJsonBytes) {
      return Status::OutOfRange(fmt::format("parameters are {} bytes; expected at most {} (1 MiB)",
                                            in_.size(), kMaxJsonBytes));
    }
    if (Status s = Value(0); !s.ok()) return s;
    SkipSpace();
    if (!AtEnd()) return Invalid("after top-level value");
    return std::move(doc_);
  }

 private:
  bool AtEnd() const { return pos_ >= in_.size(); }
  char Peek() const { return in_[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && IsJsonSpace(Peek())) ++pos_;
  }
  static Status Eof() { return Status::InvalidArgument("unexpected end of JSON input"); }
  static Status InvalidChar(char c, std::string_view context) {
    return Status::InvalidArgument(fmt::format(
        "invalid character {} {}", QuoteGoChar(static_cast<unsigned char>(c)), context));
  }
  Status Invalid(std::string_view context) const { return InvalidChar(Peek(), context); }
  // Go's scanner meets the end of input by feeding it one space: where a space is not
  // allowed either, the error names the space rather than the end of input.
  Status InvalidOrEof(std::string_view context) const {
    return InvalidChar(AtEnd() ? ' ' : Peek(), context);
  }

  size_t Open(JsonKind kind) {
    doc_.nodes.push_back(JsonNode{kind, 0, {}});
    return doc_.nodes.size() - 1;
  }
  void Close(size_t index, size_t start) {
    doc_.nodes[index].end = static_cast<uint32_t>(doc_.nodes.size());
    doc_.nodes[index].text = in_.substr(start, pos_ - start);
  }

  // Parses one value; whitespace before it is skipped here.
  Status Value(int depth) {
    SkipSpace();
    if (AtEnd()) return Eof();
    switch (Peek()) {
      case '{':
        return Object(depth + 1);
      case '[':
        return Array(depth + 1);
      case '"':
        return String();
      case 't':
        return Literal("true", JsonKind::kTrue);
      case 'f':
        return Literal("false", JsonKind::kFalse);
      case 'n':
        return Literal("null", JsonKind::kNull);
      default:
        if (Peek() == '-' || IsDigit(Peek())) return Number();
        return Invalid("looking for beginning of value");
    }
  }

  Status CheckDepth(int depth) const {
    if (depth <= kMaxJsonDepth) return Status::Ok();
    return Status::OutOfRange(
        fmt::format("JSON nests deeper than {} arrays/objects; expected at most {}", kMaxJsonDepth,
                    kMaxJsonDepth));
  }

  Status Object(int depth) {
    if (Status s = CheckDepth(depth); !s.ok()) return s;
    size_t start = pos_++, node = Open(JsonKind::kObject);
    SkipSpace();
    if (AtEnd()) return Eof();
    if (Peek() == '}') {
      ++pos_;
      Close(node, start);
      return Status::Ok();
    }
    while (true) {
      if (Peek() != '"') return Invalid("looking for beginning of object key string");
      if (Status s = String(); !s.ok()) return s;
      SkipSpace();
      if (AtEnd()) return Eof();
      if (Peek() != ':') return Invalid("after object key");
      ++pos_;
      if (Status s = Value(depth); !s.ok()) return s;
      SkipSpace();
      if (AtEnd()) return Eof();
      if (Peek() == '}') break;
      if (Peek() != ',') return Invalid("after object key:value pair");
      ++pos_;
      SkipSpace();
      if (AtEnd()) return Eof();
    }
    ++pos_;
    Close(node, start);
    return Status::Ok();
  }

  Status Array(int depth) {
    if (Status s = CheckDepth(depth); !s.ok()) return s;
    size_t start = pos_++, node = Open(JsonKind::kArray);
    SkipSpace();
    if (AtEnd()) return Eof();
    if (Peek() != ']') {
      while (true) {
        if (Status s = Value(depth); !s.ok()) return s;
        SkipSpace();
        if (AtEnd()) return Eof();
        if (Peek() == ']') break;
        if (Peek() != ',') return Invalid("after array element");
        ++pos_;
      }
    }
    ++pos_;
    Close(node, start);
    return Status::Ok();
  }

  Status String() {
    size_t start = pos_++, node = Open(JsonKind::kString);
    while (true) {
      if (AtEnd()) return Eof();
      unsigned char c = static_cast<unsigned char>(Peek());
      if (c == '"') break;
      if (c < 0x20) return Invalid("in string literal");
      ++pos_;
      if (c != '\\') continue;
      if (AtEnd()) return InvalidOrEof("in string escape code");
      char e = Peek();
      if (e == 'u') {
        ++pos_;
        for (int i = 0; i < 4; ++i, ++pos_) {
          if (AtEnd() || !IsHex(Peek())) {
            return InvalidOrEof("in \\u hexadecimal character escape");
          }
        }
      } else if (std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos) {
        ++pos_;
      } else {
        return Invalid("in string escape code");
      }
    }
    ++pos_;
    Close(node, start);
    return Status::Ok();
  }

  void Digits() {
    while (!AtEnd() && IsDigit(Peek())) ++pos_;
  }

  Status Number() {
    size_t start = pos_, node = Open(JsonKind::kNumber);
    if (Peek() == '-') {
      ++pos_;
      if (AtEnd() || !IsDigit(Peek())) return InvalidOrEof("in numeric literal");
    }
    // A leading 0 stands alone; a digit after it is left for the caller to reject.
    if (Peek() == '0') {
      ++pos_;
    } else {
      Digits();
    }
    if (!AtEnd() && Peek() == '.') {
      ++pos_;
      if (AtEnd() || !IsDigit(Peek())) {
        return InvalidOrEof("after decimal point in numeric literal");
      }
      Digits();
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      ++pos_;
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++pos_;
      if (AtEnd() || !IsDigit(Peek())) return InvalidOrEof("in exponent of numeric literal");
      Digits();
    }
    Close(node, start);
    return Status::Ok();
  }

  Status Literal(std::string_view word, JsonKind kind) {
    size_t start = pos_++, node = Open(kind);
    for (size_t i = 1; i < word.size(); ++i, ++pos_) {
      if (AtEnd() || Peek() != word[i]) {
        return InvalidOrEof(fmt::format("in literal {} (expecting {})", word,
                                        QuoteGoChar(static_cast<unsigned char>(word[i]))));
      }
    }
    Close(node, start);
    return Status::Ok();
  }

  std::string_view in_;
  size_t pos_ = 0;
  JsonDocument doc_;
};

// Decodes one UTF-8 sequence at s[i]; returns U+FFFD and advances by one byte when the
// sequence is invalid, as Go's utf8.DecodeRune does.
char32_t DecodeUtf8(std::string_view s, size_t* i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(*i);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 1) {
    ++*i;
    return b0;
  }
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t r = b0 & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    if ((byte(*i + k) & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    r = (r << 6) | (byte(*i + k) & 0x3F);
  }
  static constexpr char32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (r < kMinForLength[len] || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    ++*i;
    return 0xFFFD;
  }
  *i += len;
  return r;
}

char32_t Hex4(std::string_view s) {
  char32_t r = 0;
  for (char c : s.substr(0, 4)) {
    r = r * 16 + (IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return r;
}

}  // namespace

Result<JsonDocument> ParseJsonDocument(std::string_view input) { return Scanner(input).Run(); }

std::vector<char32_t> DecodeJsonString(std::string_view literal) {
  std::string_view s = literal.substr(1, literal.size() - 2);
  std::vector<char32_t> out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '\\') {
      out.push_back(DecodeUtf8(s, &i));
      continue;
    }
    char e = s[i + 1];
    if (e != 'u') {
      static constexpr std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
      out.push_back(static_cast<unsigned char>(kTo[kFrom.find(e)]));
      i += 2;
      continue;
    }
    char32_t r = Hex4(s.substr(i + 2));
    i += 6;
    if (r >= 0xD800 && r < 0xDC00 && i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u') {
      char32_t low = Hex4(s.substr(i + 2));
      if (low >= 0xDC00 && low < 0xE000) {
        out.push_back(0x10000 + ((r - 0xD800) << 10) + (low - 0xDC00));
        i += 6;
        continue;
      }
    }
    out.push_back(r >= 0xD800 && r < 0xE000 ? 0xFFFD : r);
  }
  return out;
}

}  // namespace tunnelsim::cpa
